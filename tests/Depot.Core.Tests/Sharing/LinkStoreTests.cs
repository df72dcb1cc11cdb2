using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Sharing;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Sharing;

/// <summary>
/// The contract of <see cref="SqlLinkStore"/> (public links), run against every metadata backend: lookup by id and by
/// token hash, listing, the download limit, updates, cascades, and that downloads counted on two nodes (two connection
/// pools) at once never exceed the limit, and links made at once on one item are all kept.
/// </summary>
public abstract class LinkStoreTests : IAsyncLifetime
{
    private const long Now = 1_000_000;
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private SqlLinkStore Store => new(_h.Database);

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_link_reads_back_by_id_and_by_token_hash_and_unknown_ones_are_null()
    {
        var alice = await _h.CreateUserAsync();
        var item = await FolderAsync(alice, "/Drop");
        var link = New(alice, item) with { DropBox = true, PasswordHash = "pbkdf2-sha512$v1$1$c2FsdA$aGFzaA", ExpiresAt = Now + 9_000 };

        await Store.InsertAsync(link, "hash-1", default);

        var expected = link with { ItemName = "Drop", ItemKind = (int)NodeKind.Folder };
        Assert.Equal(expected, await Store.GetAsync(link.Id, default));
        Assert.Equal(expected, await Store.FindByTokenHashAsync("hash-1", default));
        Assert.Null(await Store.GetAsync(Ids.New(_h.Clock), default));
        Assert.Null(await Store.FindByTokenHashAsync("hash-2", default));
    }

    [Fact]
    public async Task Links_are_listed_for_their_owner_and_creator_oldest_first_optionally_of_one_item()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var (p, q) = (await FolderAsync(alice, "/p"), await FolderAsync(alice, "/q"));
        var late = await InsertAsync(New(alice, q) with { CreatedAt = Now + 2 });
        var early = await InsertAsync(New(alice, p) with { CreatedAt = Now });
        var byBob = await InsertAsync(New(alice, p) with { CreatedAt = Now + 1, CreatedBy = bob.UserId });

        Assert.Equal([early, byBob, late], (await Store.ListAsync(alice.UserId, null, default)).Select(l => l.Id));
        Assert.Equal([early, byBob], (await Store.ListAsync(alice.UserId, p.Id, default)).Select(l => l.Id));
        Assert.Equal([byBob], (await Store.ListAsync(bob.UserId, null, default)).Select(l => l.Id));
    }

    [Fact]
    public async Task Downloads_are_counted_up_to_the_limit_and_without_one_always()
    {
        var alice = await _h.CreateUserAsync();
        var item = await FolderAsync(alice, "/p");
        var limited = await InsertAsync(New(alice, item) with { MaxDownloads = 2 });
        var open = await InsertAsync(New(alice, item));

        var counted = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            counted.Add(await Store.CountDownloadAsync(limited, default));
        }

        Assert.Equal([true, true, false, false], counted);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(await Store.CountDownloadAsync(open, default));
        }

        Assert.Equal(2, (await Store.GetAsync(limited, default))!.Downloads);
        Assert.Equal(5, (await Store.GetAsync(open, default))!.Downloads);
        Assert.False(await Store.CountDownloadAsync(Ids.New(_h.Clock), default));
    }

    [Fact]
    public async Task Update_replaces_password_expiry_and_limit_together_and_delete_happens_once()
    {
        var alice = await _h.CreateUserAsync();
        var id = await InsertAsync(New(alice, await FolderAsync(alice, "/p")) with { PasswordHash = "old", ExpiresAt = Now + 1, MaxDownloads = 1 });

        await Store.UpdateAsync(id, "new", Now + 50, 10, default);
        var changed = (await Store.GetAsync(id, default))!;
        Assert.Equal(("new", (long?)(Now + 50), (long?)10), (changed.PasswordHash, changed.ExpiresAt, changed.MaxDownloads));
        await Store.UpdateAsync(id, null, null, null, default);
        var cleared = (await Store.GetAsync(id, default))!;
        Assert.Equal((false, (long?)null, (long?)null), (cleared.HasPassword, cleared.ExpiresAt, cleared.MaxDownloads));

        Assert.True(await Store.DeleteAsync(id, default));
        Assert.False(await Store.DeleteAsync(id, default));
        Assert.Null(await Store.FindByTokenHashAsync("hash-" + id, default));
    }

    [Fact]
    public async Task Purging_the_item_or_deleting_its_owner_deletes_its_links()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var purged = await FolderAsync(alice, "/gone");
        var first = await InsertAsync(New(alice, purged));
        var second = await InsertAsync(New(alice, await FolderAsync(alice, "/other")));
        var his = await InsertAsync(New(bob, await FolderAsync(bob, "/his")));
        Assert.True((await _h.Files.DeleteAsync(alice, P("/gone"), WritePreconditions.None, default)).IsSuccess);
        Assert.True((await _h.TrashBin.PurgeAsync(alice, purged.Id, default)).IsSuccess);

        Assert.Null(await Store.GetAsync(first, default));
        Assert.NotNull(await Store.GetAsync(second, default));
        await _h.Accounts.DeleteUserAsync(alice.UserId, default);
        Assert.Null(await Store.GetAsync(second, default));
        Assert.NotNull(await Store.GetAsync(his, default));
    }

    [Fact]
    public async Task Downloads_counted_on_two_nodes_at_once_never_pass_the_limit()
    {
        var alice = await _h.CreateUserAsync();
        var item = await FolderAsync(alice, "/p");
        var nodes = (First: new SqlLinkStore(_h.Database), Second: new SqlLinkStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var id = await InsertAsync(New(alice, item) with { MaxDownloads = 1 });
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.CountDownloadAsync(id, default),
                () => nodes.Second.CountDownloadAsync(id, default));

            Assert.True(first ^ second, $"round {round}: {first} / {second}");
            Assert.Equal(1, (await Store.GetAsync(id, default))!.Downloads);
        }
    }

    [Fact]
    public async Task Links_made_on_two_nodes_at_once_on_one_item_are_both_kept()
    {
        var alice = await _h.CreateUserAsync();
        var item = await FolderAsync(alice, "/p");
        var nodes = (First: new SqlLinkStore(_h.Database), Second: new SqlLinkStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var (a, b) = (New(alice, item), New(alice, item));
            await Race.TwoAsync(
                async () => { await nodes.First.InsertAsync(a, "hash-" + a.Id, default); return true; },
                async () => { await nodes.Second.InsertAsync(b, "hash-" + b.Id, default); return true; });

            Assert.NotNull(await Store.FindByTokenHashAsync("hash-" + a.Id, default));
            Assert.NotNull(await Store.FindByTokenHashAsync("hash-" + b.Id, default));
        }

        Assert.Equal(2 * Race.Rounds, (await Store.ListAsync(alice.UserId, item.Id, default)).Count);
    }

    private async Task<string> InsertAsync(LinkRecord link)
    {
        await Store.InsertAsync(link, "hash-" + link.Id, default);
        return link.Id;
    }

    private LinkRecord New(Caller owner, Node item) => new()
    {
        Id = Ids.New(_h.Clock), NodeId = item.Id, OwnerId = owner.UserId, ItemName = item.Name, ItemKind = (int)item.Kind,
        CreatedBy = owner.UserId, CreatedAt = Now,
    };

    private async Task<Node> FolderAsync(Caller owner, string path)
    {
        var created = await _h.Folders.CreateAsync(owner, P(path), true, default);
        Assert.True(created.IsSuccess, created.Error?.Detail);
        return created.Value.Entry.Node;
    }
}
