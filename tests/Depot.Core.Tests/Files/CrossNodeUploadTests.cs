using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// An upload into a folder a node has just added files to, after the other node changed what that upload's checks read:
/// the folder's place, the name, the quota, a lock, the account. Each must answer as if the first node knew nothing of
/// its earlier writes. This pins today's answers for anything that lets a node reuse what it read in an earlier batch
/// (the one-round-trip batch of bench/README.md, fourteenth session, whose guard must catch every one of these).
/// </summary>
public abstract class CrossNodeUploadTests : TwoNodeSuite
{
    [Fact]
    public async Task After_the_other_node_renamed_the_folder_an_upload_to_its_old_path_finds_no_folder()
    {
        var alice = await StartedAsync();
        Assert.True((await Two.Moves.MoveAsync(alice, P("/docs"), P("/papers"), overwrite: false, default)).IsSuccess);

        Assert.Equal(ErrorCodes.ParentNotFound, (await UploadOnOneAsync(alice, "/docs/b.txt", [2], parents: false)).Error?.Code);
        Assert.Equal(0, await One.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'b.txt'"));

        // Asked to create its folders, it makes a new /docs: the renamed folder is not where the path leads any more.
        Assert.True((await UploadOnOneAsync(alice, "/docs/b.txt", [2])).IsSuccess);
        Assert.Equal([1], await One.ReadAsync(alice, "/papers/a.txt"));
        Assert.Equal(0, await One.CountAsync(
            "SELECT COUNT(*) FROM nodes c JOIN nodes p ON p.id = c.parent_id WHERE p.name = 'papers' AND c.name = 'b.txt'"));
    }

    [Fact]
    public async Task After_the_other_node_moved_the_folder_away_and_made_a_new_one_an_upload_goes_into_the_new_one()
    {
        var alice = await StartedAsync();
        Assert.True((await Two.Moves.MoveAsync(alice, P("/docs"), P("/old"), overwrite: false, default)).IsSuccess);
        Assert.True((await Two.Folders.CreateAsync(alice, P("/docs"), parents: false, default)).IsSuccess);

        Assert.True((await UploadOnOneAsync(alice, "/docs/b.txt", [2])).IsSuccess);
        Assert.Equal([2], await Two.ReadAsync(alice, "/docs/b.txt"));
        Assert.Equal(0, await One.CountAsync(
            "SELECT COUNT(*) FROM nodes c JOIN nodes p ON p.id = c.parent_id WHERE p.name = 'old' AND c.name = 'b.txt'"));
    }

    [Fact]
    public async Task After_the_other_node_trashed_the_folder_an_upload_into_it_finds_no_folder()
    {
        var alice = await StartedAsync();
        Assert.True((await Two.Files.DeleteAsync(alice, P("/docs"), WritePreconditions.None, default)).IsSuccess);

        Assert.Equal(ErrorCodes.ParentNotFound, (await UploadOnOneAsync(alice, "/docs/b.txt", [2], parents: false)).Error?.Code);
        Assert.Equal(0, await One.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'b.txt'"));
    }

    [Fact]
    public async Task After_the_other_node_took_the_name_an_upload_of_it_is_an_overwrite()
    {
        var alice = await StartedAsync();
        Assert.True((await Two.UploadAsync(alice, "/docs/b.txt", [2])).Value.Created);

        var again = await UploadOnOneAsync(alice, "/docs/b.txt", [3]);
        Assert.True(again.IsSuccess, again.Error?.Detail);
        Assert.False(again.Value.Created);
        Assert.Equal([3], await Two.ReadAsync(alice, "/docs/b.txt"));
        Assert.Equal(1, await One.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'b.txt'"));
    }

    [Fact]
    public async Task After_the_quota_was_lowered_an_upload_over_it_is_refused()
    {
        var alice = await StartedAsync();
        var used = await One.UsedBytesAsync(alice);
        await Two.ExecuteAsync($"UPDATE users SET quota_bytes = {used + 10} WHERE id = '{alice.UserId}'");

        Assert.Equal(ErrorCodes.QuotaExceeded, (await UploadOnOneAsync(alice, "/docs/b.txt", new byte[100])).Error?.Code);
        Assert.True((await UploadOnOneAsync(alice, "/docs/c.txt", new byte[10])).IsSuccess);
        Assert.Equal(used + 10, await One.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task After_the_other_node_reserved_space_for_a_resumable_upload_an_upload_over_what_is_left_is_refused()
    {
        var alice = await StartedAsync(quota: 1000);
        var used = await One.UsedBytesAsync(alice);
        await Two.ExecuteAsync(
            "INSERT INTO uploads (id, user_id, path, length, reserved_bytes, created_at, expires_at) " +
            $"VALUES ('{Guid.NewGuid():N}', '{alice.UserId}', '/big.bin', {990 - used}, {990 - used}, 0, {long.MaxValue})");

        Assert.Equal(ErrorCodes.QuotaExceeded, (await UploadOnOneAsync(alice, "/docs/b.txt", new byte[20])).Error?.Code);
        Assert.True((await UploadOnOneAsync(alice, "/docs/c.txt", new byte[10])).IsSuccess);
        Assert.Equal(used + 10, await One.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task After_the_other_node_locked_the_folder_an_upload_into_it_is_refused()
    {
        var alice = await StartedAsync();
        var locked = await Two.Locks.LockAsync(alice, P("/docs"), new LockRequest(Exclusive: true, Infinite: true, null, null), default);
        Assert.True(locked.IsSuccess, locked.Error?.Detail);

        Assert.Equal(ErrorCodes.Locked, (await UploadOnOneAsync(alice, "/docs/b.txt", [2])).Error?.Code);
    }

    [Fact]
    public async Task After_the_other_node_changed_the_folder_names_case_the_change_feed_has_the_new_name()
    {
        var alice = await StartedAsync();
        Assert.True((await Two.Moves.MoveAsync(alice, P("/docs"), P("/Docs"), overwrite: false, default)).IsSuccess);

        var uploaded = await UploadOnOneAsync(alice, "/docs/b.txt", [2]);
        Assert.True(uploaded.IsSuccess, uploaded.Error?.Detail);
        Assert.Equal(1, await One.CountAsync(
            $"SELECT COUNT(*) FROM changes WHERE user_id = '{alice.UserId}' AND node_id = '{uploaded.Value.Entry.Node.Id}' AND path = '/Docs/b.txt'"));
    }

    [Fact]
    public async Task After_someone_mounted_the_folder_on_the_other_node_they_hear_of_a_new_file_in_it()
    {
        var alice = await StartedAsync();
        var bob = await Two.CreateUserAsync();
        var docs = (await Two.Files.GetAsync(alice, P("/docs"), default)).Value.Node.Id;
        await Two.GrantEditorAsync(alice, docs, bob);
        Assert.True((await Two.Sharing.MountAsync(bob, docs, P("/shared"), default)).IsSuccess);

        Assert.True((await UploadOnOneAsync(alice, "/docs/b.txt", [2])).IsSuccess);
        Assert.Equal(1, await One.CountAsync($"SELECT COUNT(*) FROM changes WHERE user_id = '{bob.UserId}' AND path = '/shared/b.txt'"));
    }

    [Fact]
    public async Task After_the_other_node_deleted_the_account_an_upload_leaves_nothing()
    {
        var alice = await StartedAsync();
        await Two.Accounts.DeleteUserAsync(alice.UserId, default);

        Assert.Equal(ErrorCodes.UserNotFound, (await UploadOnOneAsync(alice, "/docs/b.txt", [2])).Error?.Code);
        Assert.Equal(0, await One.CountAsync($"SELECT COUNT(*) FROM nodes WHERE owner_id = '{alice.UserId}'"));
    }

    // As an HTTP upload with its length declared sends it: small, so nothing is checked before the commit's transaction,
    // where the first node may answer from what it kept.
    private Task<Result<UploadResult>> UploadOnOneAsync(Caller caller, string path, byte[] content, bool parents = true) =>
        One.UploadAsync(caller, path, content, new UploadRequest(Length: content.Length, CreateParents: parents));

    // A user whose folder /docs the first node made and then added two new files to, so whatever it keeps of that
    // folder between batches is warm (a batch of new names is what the one-round-trip path serves).
    private async Task<Caller> StartedAsync(long? quota = null)
    {
        var alice = await One.CreateUserAsync(quota);
        Assert.True((await One.UploadAsync(alice, "/docs/a.txt", [1], new UploadRequest(CreateParents: true))).IsSuccess);
        Assert.True((await One.UploadAsync(alice, "/docs/y.txt", [1])).IsSuccess);
        Assert.True((await One.UploadAsync(alice, "/docs/z.txt", [1])).IsSuccess);
        return alice;
    }
}
