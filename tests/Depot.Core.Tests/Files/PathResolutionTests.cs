using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>Path resolution walks a whole path in one query; these pin down what it must still mean.</summary>
/// <summary>A contract suite: runs against every metadata backend through one subclass each.</summary>
public abstract class PathResolutionTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_deep_path_resolves_case_insensitively_to_its_stored_names()
    {
        var alice = await _h.CreateUserAsync();
        const string deep = "/A/b/C/d/E/f/G/h/I/j/file.TXT";
        Assert.True((await _h.UploadAsync(alice, deep, [1, 2, 3])).IsSuccess);

        var found = await _h.Files.GetAsync(alice, P(deep.ToLowerInvariant()), default);
        Assert.Equal(deep, found.Value.Path.Value);
        Assert.Equal(3, found.Value.Node.Size);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/a/b/c/x/e"), default)).Error?.Code);
    }

    [Fact]
    public async Task A_path_through_a_trashed_folder_is_gone_and_a_new_folder_of_that_name_takes_its_place()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/dir/sub/old.txt", [1]);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/dir/sub"), WritePreconditions.None, default)).IsSuccess);

        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/dir/sub/old.txt"), default)).Error?.Code);
        await _h.UploadAsync(alice, "/dir/sub/new.txt", [2]);
        Assert.Equal([2], await _h.ReadAsync(alice, "/dir/sub/new.txt"));
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/dir/sub/old.txt"), default)).Error?.Code);
    }

    [Fact]
    public async Task A_download_gets_the_current_version_and_an_older_one_by_its_id()
    {
        var alice = await _h.CreateUserAsync();
        var first = await _h.UploadAsync(alice, "/docs/a.txt", [1]);
        await _h.UploadAsync(alice, "/docs/a.txt", [2, 2]);

        Assert.Equal([2, 2], await _h.ReadAsync(alice, "/DOCS/a.txt"));
        Assert.Equal([1], await _h.ReadAsync(alice, "/docs/a.txt", first.Value.Entry.Node.CurrentVersionId));
    }

    [Fact]
    public async Task A_new_account_reads_its_root_before_anything_created_it()
    {
        var alice = await _h.CreateUserAsync();   // a user row only: the root folder is created on first use

        var listing = await _h.Folders.ListAsync(alice, DepotPath.Root, new ListRequest(ChildOrder.Name, false, 10, null), default);
        Assert.True(listing.IsSuccess, listing.Error?.Detail);
        Assert.Empty(listing.Value.Items);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/a"), default)).Error?.Code);
        Assert.Equal(ErrorCodes.NotAFile, (await _h.Files.OpenReadAsync(alice, DepotPath.Root, null, default)).Error?.Code);
        Assert.Equal(1, await _h.CountAsync($"SELECT COUNT(*) FROM nodes WHERE owner_id = '{alice.UserId}'"));
    }

    [Fact]
    public async Task An_account_that_no_longer_exists_is_user_not_found()
    {
        var ghost = new Caller("no-such-user", "ghost", false);
        Assert.Equal(ErrorCodes.UserNotFound, (await _h.Files.GetAsync(ghost, P("/a"), default)).Error?.Code);
        Assert.Equal(ErrorCodes.UserNotFound, (await _h.Files.GetAsync(ghost, DepotPath.Root, default)).Error?.Code);
    }
}
