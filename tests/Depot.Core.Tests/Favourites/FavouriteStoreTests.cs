using Depot.Core.Access;
using Depot.Core.Favourites;
using Depot.Core.Files;
using Depot.Core.Tests.Files;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Favourites;

/// <summary>
/// The contract of <see cref="SqlFavouriteStore"/> and <see cref="FavouriteService"/> (migration 0024), run against
/// every metadata backend: stars follow renames, hide while trashed and are each user's own; recent files are newest
/// first and leave out files inside a trashed folder.
/// </summary>
public abstract class FavouriteStoreTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private FavouriteService Favourites => new(new SqlFavouriteStore(_h.Database), _h.Store, _h.Clock);

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Stars_list_newest_first_follow_a_rename_and_hide_in_the_trash()
    {
        var alice = await _h.CreateUserAsync();
        await UploadAsync(alice, "/a.txt");
        await UploadAsync(alice, "/docs/b.txt");
        Assert.True((await Favourites.AddAsync(alice, P("/a.txt"), default)).IsSuccess);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await Favourites.AddAsync(alice, P("/docs"), default)).IsSuccess);
        Assert.True((await Favourites.AddAsync(alice, P("/docs"), default)).IsSuccess);   // again: still one star

        Assert.Equal(["/docs", "/a.txt"], await StarredAsync(alice));

        Assert.True((await _h.Moves.MoveAsync(alice, P("/a.txt"), P("/docs/renamed.txt"), overwrite: false, default)).IsSuccess);
        Assert.Equal(["/docs", "/docs/renamed.txt"], await StarredAsync(alice));

        Assert.True((await _h.Files.DeleteAsync(alice, P("/docs"), WritePreconditions.None, default)).IsSuccess);
        Assert.Empty(await StarredAsync(alice));
    }

    [Fact]
    public async Task Unstarring_removes_only_that_star_and_stars_are_each_users_own()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        await UploadAsync(alice, "/a.txt");
        await UploadAsync(alice, "/b.txt");
        await UploadAsync(bob, "/a.txt");
        await Favourites.AddAsync(alice, P("/a.txt"), default);
        await Favourites.AddAsync(alice, P("/b.txt"), default);

        Assert.True((await Favourites.RemoveAsync(alice, P("/a.txt"), default)).IsSuccess);
        Assert.True((await Favourites.RemoveAsync(alice, P("/a.txt"), default)).IsSuccess);   // not starred: nothing to do

        Assert.Equal(["/b.txt"], await StarredAsync(alice));
        Assert.Empty(await StarredAsync(bob));
        Assert.Equal(ErrorCodes.NotFound, (await Favourites.AddAsync(bob, P("/b.txt"), default)).Error?.Code);
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM favourites"));
    }

    [Fact]
    public async Task Recent_files_are_newest_first_and_skip_a_trashed_folders_files()
    {
        var alice = await _h.CreateUserAsync();
        foreach (var path in new[] { "/old.txt", "/gone/inside.txt", "/mid.txt", "/new.txt" })
        {
            await UploadAsync(alice, path);
            _h.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True((await _h.Files.DeleteAsync(alice, P("/gone"), WritePreconditions.None, default)).IsSuccess);

        var recent = await Favourites.RecentAsync(alice, 2, default);
        Assert.Equal(["/new.txt", "/mid.txt"], recent.Value.Select(e => e.Path.ToString()));
        Assert.Equal(["/new.txt", "/mid.txt", "/old.txt"], (await Favourites.RecentAsync(alice, 10, default)).Value.Select(e => e.Path.ToString()));
        Assert.Equal(ErrorCodes.InvalidRequest, (await Favourites.RecentAsync(alice, 0, default)).Error?.Code);
    }

    private async Task UploadAsync(Caller caller, string path) => Assert.True((await _h.UploadAsync(caller, path, [1, 2, 3])).IsSuccess);

    private async Task<string[]> StarredAsync(Caller caller) => [.. (await Favourites.ListAsync(caller, default)).Value.Select(e => e.Path.ToString())];
}
