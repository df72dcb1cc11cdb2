using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Files.Properties;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// The contract of <see cref="IPropertyStore"/> (WebDAV dead properties and the settable modified time), run against
/// every metadata backend: patches apply in order and all or nothing, every call is scoped to the tree's owner, copies
/// follow relative paths, properties go with their node, and the per-node limit holds when two nodes (two connection
/// pools) patch one resource at once.
/// </summary>
public abstract class PropertyStoreTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private SqlPropertyStore Store => new(_h.Database);

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_patch_applies_its_changes_in_order()
    {
        var alice = await _h.CreateUserAsync();
        var node = await FileAsync(alice, "/a.txt");
        Assert.True(await Store.PatchAsync(alice.UserId, node.Id, [Set("color", "red"), Set("size", "xl"), Set("shape", "round")], 10, default));

        Assert.True(await Store.PatchAsync(alice.UserId, node.Id,
            [Set("color", "blue"), Remove("size"), Set("size", "s"), Set("shape", "flat"), Remove("shape"), Remove("never-set")], 10, default));

        Assert.Equal([Prop("color", "blue"), Prop("size", "s")], await GetAsync(alice, node));
    }

    [Fact]
    public async Task Properties_are_returned_per_node_ordered_by_namespace_and_name_for_the_owners_nodes_only()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var (a, b) = (await FileAsync(alice, "/a"), await FileAsync(alice, "/b"));
        var his = await FileAsync(bob, "/his");
        var inNoNamespace = new DeadProperty("", "plain", "<plain>1</plain>");
        await Store.PatchAsync(alice.UserId, a.Id, [Set("zeta", "1"), new(inNoNamespace, false), Set("alpha", "2")], 10, default);
        await Store.PatchAsync(bob.UserId, his.Id, [Set("alpha", "3")], 10, default);
        var many = Enumerable.Range(0, 600).Select(i => $"{i:x32}").ToList();

        var found = await Store.GetAsync(alice.UserId, [.. many.Take(300), a.Id, b.Id, his.Id, .. many.Skip(300)], default);

        Assert.Equal([a.Id], found.Keys);   // b has none; bob's node is not alice's to read
        Assert.Equal([inNoNamespace, Prop("alpha", "2"), Prop("zeta", "1")], found[a.Id]);
        Assert.Empty(await Store.GetAsync(alice.UserId, [], default));
    }

    [Fact]
    public async Task A_patch_that_would_pass_the_limit_changes_nothing()
    {
        var alice = await _h.CreateUserAsync();
        var node = await FileAsync(alice, "/a");
        Assert.True(await Store.PatchAsync(alice.UserId, node.Id, [Set("p1", "1"), Set("p2", "2")], 3, default));

        Assert.False(await Store.PatchAsync(alice.UserId, node.Id, [Set("p1", "changed"), Remove("p2"), Set("p3", "3"), Set("p4", "4"), Set("p5", "5")], 3, default));

        Assert.Equal([Prop("p1", "1"), Prop("p2", "2")], await GetAsync(alice, node));
        Assert.True(await Store.PatchAsync(alice.UserId, node.Id, [Remove("p2"), Set("p3", "3"), Set("p4", "4")], 3, default));   // net three
    }

    [Fact]
    public async Task Patches_and_modified_times_do_not_reach_another_owners_node()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var hers = await FileAsync(alice, "/a");
        await Store.PatchAsync(alice.UserId, hers.Id, [Set("color", "red")], 10, default);

        await Store.PatchAsync(bob.UserId, hers.Id, [Set("size", "xl"), Remove("color")], 10, default);
        await Store.SetModifiedAsync(bob.UserId, hers.Id, 42_000, default);

        Assert.Equal([Prop("color", "red")], await GetAsync(alice, hers));
        Assert.Equal(hers.ModifiedAt, (await _h.Files.GetAsync(alice, P("/a"), default)).Value.Node.ModifiedAt);
    }

    [Fact]
    public async Task Set_modified_changes_the_owners_node()
    {
        var alice = await _h.CreateUserAsync();
        var node = await FileAsync(alice, "/a");

        await Store.SetModifiedAsync(alice.UserId, node.Id, 1_234_567_000, default);

        var changed = (await _h.Files.GetAsync(alice, P("/a"), default)).Value.Node;
        Assert.Equal((1_234_567_000L, node.ETag), (changed.ModifiedAt, changed.ETag));
    }

    [Fact]
    public async Task A_copy_gives_each_node_of_the_copy_its_originals_properties_by_relative_path()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var (src, dst) = (await FolderAsync(alice, "/src"), await FolderAsync(alice, "/dst"));
        var (srcFile, dstFile) = (await FileAsync(alice, "/src/Sub/f.txt"), await FileAsync(alice, "/dst/sub/F.TXT"));
        var (srcOnly, dstOther) = (await FileAsync(alice, "/src/only.txt"), await FileAsync(alice, "/dst/other.txt"));
        await Store.PatchAsync(alice.UserId, src.Id, [Set("top", "1")], 10, default);
        await Store.PatchAsync(alice.UserId, srcFile.Id, [Set("color", "red")], 10, default);
        await Store.PatchAsync(alice.UserId, srcOnly.Id, [Set("lost", "1")], 10, default);
        await Store.PatchAsync(alice.UserId, dstFile.Id, [Set("color", "old"), Set("kept", "1")], 10, default);

        await Store.CopyTreeAsync(bob.UserId, src.Id, dst.Id, default);   // not bob's tree: nothing
        Assert.Empty(await GetAsync(alice, dst));
        await Store.CopyTreeAsync(alice.UserId, src.Id, dst.Id, default);

        Assert.Equal([Prop("top", "1")], await GetAsync(alice, dst));
        Assert.Equal([Prop("color", "red"), Prop("kept", "1")], await GetAsync(alice, dstFile));   // names match by key
        Assert.Empty(await GetAsync(alice, dstOther));
        Assert.Equal(6, await _h.CountAsync("SELECT COUNT(*) FROM node_properties"));   // three each; only.txt has no copy
    }

    [Fact]
    public async Task Purging_a_node_or_deleting_its_owner_deletes_its_properties()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var (gone, kept) = (await FolderAsync(alice, "/gone"), await FileAsync(alice, "/kept"));
        var below = await FileAsync(alice, "/gone/below.txt");
        var his = await FileAsync(bob, "/his");
        foreach (var (owner, node) in new[] { (alice, gone), (alice, below), (alice, kept), (bob, his) })
        {
            await Store.PatchAsync(owner.UserId, node.Id, [Set("p", "1")], 10, default);
        }

        Assert.True((await _h.Files.DeleteAsync(alice, P("/gone"), WritePreconditions.None, default)).IsSuccess);
        Assert.True((await _h.TrashBin.PurgeAsync(alice, gone.Id, default)).IsSuccess);

        Assert.Equal(2, await _h.CountAsync("SELECT COUNT(*) FROM node_properties"));
        await _h.Accounts.DeleteUserAsync(alice.UserId, default);
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM node_properties"));
    }

    [Fact]
    public async Task Two_nodes_adding_a_property_at_the_limit_at_once_add_only_one()
    {
        const int limit = 3;
        var alice = await _h.CreateUserAsync();
        var nodes = (First: new SqlPropertyStore(_h.Database), Second: new SqlPropertyStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var node = await FileAsync(alice, $"/round-{round}");
            Assert.True(await Store.PatchAsync(alice.UserId, node.Id, [Set("p1", "1"), Set("p2", "2")], limit, default));
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.PatchAsync(alice.UserId, node.Id, [Set("first", "1")], limit, default),
                () => nodes.Second.PatchAsync(alice.UserId, node.Id, [Set("second", "2")], limit, default));

            Assert.True(first ^ second, $"round {round}: {first} / {second}");
            Assert.Equal(limit, (await GetAsync(alice, node)).Count);
        }
    }

    [Fact]
    public async Task Two_nodes_setting_one_property_at_once_both_succeed_and_one_value_remains()
    {
        var alice = await _h.CreateUserAsync();
        var nodes = (First: new SqlPropertyStore(_h.Database), Second: new SqlPropertyStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var node = await FileAsync(alice, $"/round-{round}");
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.PatchAsync(alice.UserId, node.Id, [Set("color", "red")], 10, default),
                () => nodes.Second.PatchAsync(alice.UserId, node.Id, [Set("color", "blue")], 10, default));

            Assert.True(first && second, $"round {round}: {first} / {second}");
            Assert.Contains(Assert.Single(await GetAsync(alice, node)), new[] { Prop("color", "red"), Prop("color", "blue") });
        }
    }

    private const string Ns = "urn:example:props";

    private static PropertyChange Set(string name, string value) => new(Prop(name, value), Remove: false);

    private static PropertyChange Remove(string name) => new(Prop(name, ""), Remove: true);

    private static DeadProperty Prop(string name, string value) => new(Ns, name, $"<x:{name} xmlns:x=\"{Ns}\">{value}</x:{name}>");

    private async Task<IReadOnlyList<DeadProperty>> GetAsync(Caller owner, Node node) =>
        (await Store.GetAsync(owner.UserId, [node.Id], default)).GetValueOrDefault(node.Id) ?? [];

    private async Task<Node> FileAsync(Caller owner, string path)
    {
        var uploaded = await _h.UploadAsync(owner, path, [1]);
        Assert.True(uploaded.IsSuccess, uploaded.Error?.Detail);
        return uploaded.Value.Entry.Node;
    }

    private async Task<Node> FolderAsync(Caller owner, string path)
    {
        var created = await _h.Folders.CreateAsync(owner, P(path), true, default);
        Assert.True(created.IsSuccess, created.Error?.Detail);
        return created.Value.Entry.Node;
    }
}
