using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Core.Tests.Files;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Locks;

/// <summary>
/// The WebDAV lock rule inside the core's write transactions (<c>WriteLocks</c>), run against every metadata backend:
/// every write path of the file services refuses a locked path without the lock's token (including trash restore and
/// mounting, which no adapter guarded), lets it through with the token, and a delete or move takes the item's locks
/// away in its own transaction, so a write that fails later keeps them.
/// </summary>
public abstract class WriteLockRuleTests : IAsyncLifetime
{
    private static readonly LockRequest Deep = new(Exclusive: true, Infinite: true, OwnerXml: null, Timeout: null);
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Every_write_into_a_locked_folder_is_refused_without_the_token()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/box/in.txt", "1"u8.ToArray());
        await _h.UploadAsync(alice, "/box/in.txt", "2"u8.ToArray());
        await _h.UploadAsync(alice, "/box/gone.txt", "g"u8.ToArray());
        await _h.UploadAsync(alice, "/out.txt", "o"u8.ToArray());
        Assert.True((await _h.Files.DeleteAsync(alice, P("/box/gone.txt"), WritePreconditions.None, default)).IsSuccess);
        var trashed = Assert.Single((await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items);
        var shared = await ShareWithAsync(bob, alice, "/team");
        var firstVersion = (await _h.History.ListAsync(alice, P("/box/in.txt"), default)).Value[^1].Version.Id;
        Assert.True((await _h.Locks.LockAsync(alice, P("/box"), Deep, default)).IsSuccess);

        // Alice herself without the token: the lock is her editor's, not her browser's.
        AssertLocked(await _h.UploadAsync(alice, "/box/new.txt", "n"u8.ToArray()));
        AssertLocked(await _h.UploadAsync(alice, "/box/in.txt", "3"u8.ToArray()));
        AssertLocked(await _h.Folders.CreateAsync(alice, P("/box/sub"), parents: false, default));
        AssertLocked(await _h.Files.DeleteAsync(alice, P("/box/in.txt"), WritePreconditions.None, default));
        AssertLocked(await _h.Files.DeleteAsync(alice, P("/box"), WritePreconditions.None, default));
        AssertLocked(await _h.Moves.MoveAsync(alice, P("/box/in.txt"), P("/in.txt"), overwrite: false, default));
        AssertLocked(await _h.Moves.MoveAsync(alice, P("/out.txt"), P("/box/out.txt"), overwrite: false, default));
        AssertLocked(await _h.Moves.CopyAsync(alice, P("/out.txt"), P("/box/out.txt"), overwrite: false, default));
        AssertLocked(await _h.History.RestoreAsync(alice, P("/box/in.txt"), firstVersion, default));
        AssertLocked(await _h.TrashBin.RestoreAsync(alice, trashed.Node.Id, null, default));
        AssertLocked(await _h.Sharing.MountAsync(alice, shared, P("/box/team"), default));

        Assert.Equal("2"u8.ToArray(), await _h.ReadAsync(alice, "/box/in.txt"));
        foreach (var nothing in new[] { "/box/new.txt", "/box/sub", "/in.txt", "/box/out.txt", "/box/gone.txt", "/box/team" })
        {
            Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P(nothing), default)).Error?.Code);
        }

        Assert.True((await _h.Moves.CopyAsync(alice, P("/box/in.txt"), P("/copy.txt"), overwrite: false, default)).IsSuccess);   // reading is free
    }

    [Fact]
    public async Task The_tokens_holder_writes_and_a_delete_takes_the_locks_below_along_in_its_transaction()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/box/in.txt", "1"u8.ToArray());
        var folder = (await _h.Locks.LockAsync(alice, P("/box"), Deep, default)).Value;
        var holder = alice with { LockTokens = [folder.Token] };

        Assert.True((await _h.UploadAsync(holder, "/box/new.txt", "n"u8.ToArray())).IsSuccess);
        Assert.True((await _h.TrashBin.RestoreAsync(holder, await TrashedAsync(holder, "/box/new.txt"), null, default)).IsSuccess);
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM locks"));

        Assert.True((await _h.Files.DeleteAsync(holder, P("/box"), WritePreconditions.None, default)).IsSuccess);
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM locks"));
        Assert.True((await _h.UploadAsync(alice, "/box/in.txt", "free"u8.ToArray())).IsSuccess);
    }

    [Fact]
    public async Task A_move_releases_the_source_locks_only_when_it_commits()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a.txt", "a"u8.ToArray());
        await _h.UploadAsync(alice, "/taken.txt", "t"u8.ToArray());
        var locked = (await _h.Locks.LockAsync(alice, P("/a.txt"), Deep with { Infinite = false }, default)).Value;
        var holder = alice with { LockTokens = [locked.Token] };

        // Refused after the lock check (the name is taken): the release is rolled back with the rest.
        var refused = await _h.Moves.MoveAsync(holder, P("/a.txt"), P("/taken.txt"), overwrite: false, default);
        Assert.Equal(ErrorCodes.AlreadyExists, refused.Error?.Code);
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM locks"));

        Assert.True((await _h.Moves.MoveAsync(holder, P("/a.txt"), P("/b.txt"), overwrite: false, default)).IsSuccess);
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM locks"));
        Assert.True((await _h.UploadAsync(alice, "/a.txt", "new"u8.ToArray())).IsSuccess);
    }

    [Fact]
    public async Task A_lock_taken_through_a_mount_holds_for_the_owner_and_is_named_in_the_callers_terms()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var team = await ShareWithAsync(bob, alice, "/team");
        Assert.True((await _h.Sharing.MountAsync(alice, team, P("/shared"), default)).IsSuccess);
        await _h.UploadAsync(bob, "/team/doc.txt", "d"u8.ToArray());
        Assert.True((await _h.Locks.LockAsync(alice, P("/shared/doc.txt"), Deep with { Infinite = false }, default)).IsSuccess);

        var refused = await _h.UploadAsync(bob, "/team/doc.txt", "x"u8.ToArray());
        Assert.Equal((ErrorCodes.Locked, "/team/doc.txt"), (refused.Error?.Code, refused.Error?.Resource));
        var mine = await _h.UploadAsync(alice, "/shared/doc.txt", "x"u8.ToArray());
        Assert.Equal((ErrorCodes.Locked, "/shared/doc.txt"), (mine.Error?.Code, mine.Error?.Resource));
    }

    private static void AssertLocked<T>(Result<T> result) => Assert.True(result.Error?.Code == ErrorCodes.Locked,
        $"expected locked, got {(result.IsSuccess ? "success" : result.Error!.Code + ": " + result.Error.Detail)}");

    private async Task<string> TrashedAsync(Caller caller, string path)
    {
        Assert.True((await _h.Files.DeleteAsync(caller, P(path), WritePreconditions.None, default)).IsSuccess);
        return (await _h.TrashBin.ListAsync(caller, 10, null, default)).Value.Items[0].Node.Id;
    }

    /// <summary>A folder of <paramref name="owner"/>'s shared with <paramref name="grantee"/> as editor; returns its node id.</summary>
    private async Task<string> ShareWithAsync(Caller owner, Caller grantee, string path)
    {
        var folder = (await _h.Folders.CreateAsync(owner, P(path), parents: true, default)).Value.Entry.Node;
        await _h.GrantEditorAsync(owner, folder.Id, grantee);
        return folder.Id;
    }
}
