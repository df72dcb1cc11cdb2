using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Data;

/// <summary>
/// The rule that keeps a small connection pool free of deadlocks (<see cref="ConnectionUse"/>): a watched request holds
/// one metadata connection at a time, and none while it waits for a group commit. The server suites run watched; these
/// pin the check itself and the paths that once broke it (a LOCK, a delete with its audit event).
/// </summary>
public abstract class ConnectionUseTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_watched_request_opens_connections_one_after_another_but_never_a_second_while_it_holds_one()
    {
        using var watch = ConnectionUse.Watch();
        await using (await _h.Database.OpenAsync(default))
        {
        }

        await using var held = await _h.Database.OpenAsync(default);
        var nested = await Assert.ThrowsAsync<InvalidOperationException>(() => _h.Database.OpenAsync(default));
        Assert.Contains("second metadata connection", nested.Message);
        Assert.Contains(nameof(A_watched_request_opens_connections_one_after_another_but_never_a_second_while_it_holds_one), nested.Message);
    }

    [Fact]
    public async Task Work_that_is_not_watched_is_not_checked()
    {
        await using var first = await _h.Database.OpenAsync(default);
        await using var second = await _h.Database.OpenAsync(default);
        Assert.Equal(System.Data.ConnectionState.Open, second.State);
    }

    [Fact]
    public async Task Waiting_for_a_group_commit_while_holding_a_connection_is_refused_before_anything_is_queued()
    {
        var alice = await _h.CreateUserAsync();
        using var watch = ConnectionUse.Watch();
        await using (var held = await _h.Database.OpenAsync(default))
        {
            var waiting = await Assert.ThrowsAsync<InvalidOperationException>(() => _h.Store.WriteGroupedAsync(
                alice.UserId, (_, _) => Task.FromResult<Result<Unit>>(Unit.Value), default));
            Assert.Contains("group commit", waiting.Message);
        }

        // Without the held connection the same request uploads through a group commit.
        Assert.True((await _h.UploadAsync(alice, "/a.txt", [1, 2, 3])).IsSuccess);
    }

    [Fact]
    public async Task A_batch_a_watched_request_started_is_watched_too_so_its_work_opens_no_second_connection()
    {
        var alice = await _h.CreateUserAsync();
        using var watch = ConnectionUse.Watch();
        var nested = await Assert.ThrowsAsync<InvalidOperationException>(() => _h.Store.WriteGroupedAsync<Unit>(alice.UserId, async (_, token) =>
        {
            await using var second = await _h.Database.OpenAsync(token);   // beside the batch's own session
            return Unit.Value;
        }, default));
        Assert.Contains("second metadata connection", nested.Message);
    }

    [Fact]
    public async Task A_write_gives_its_connection_back_at_its_commit_so_its_audit_event_is_written_while_it_holds_none()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/gone.txt", [1])).IsSuccess);

        using (ConnectionUse.Watch())
        {
            Assert.True((await _h.Files.DeleteAsync(alice, P("/gone.txt"), WritePreconditions.None, default)).IsSuccess);
        }

        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM audit_events WHERE action = 'file.delete'"));
    }

    [Fact]
    public async Task A_committed_session_disposed_again_at_its_scope_end_leaves_the_next_write_on_its_connection_alone()
    {
        var alice = await _h.CreateUserAsync();
        var first = await _h.Store.WriteAsync(default);
        await AddFolderAsync(first, alice, "first");
        await first.CommitAsync(default);   // gives its connection back to the pool before its scope ends

        // On PostgreSQL the pool hands the same connection on, and Npgsql keeps one transaction object per connection.
        await using (var second = await _h.Store.WriteAsync(default))
        {
            await AddFolderAsync(second, alice, "second");
            await first.DisposeAsync();   // the first's scope ends while the second is inside its transaction
            await second.CommitAsync(default);
        }

        Assert.Equal(2, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name IN ('first', 'second')"));
    }

    [Fact]
    public async Task Lock_operations_look_up_the_tree_and_the_lock_store_one_connection_at_a_time()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/doc.txt", [1])).IsSuccess);
        using var watch = ConnectionUse.Watch();

        var locked = await _h.Locks.LockAsync(alice, P("/doc.txt"), new LockRequest(Exclusive: true, Infinite: false, null, null), default);
        Assert.True(locked.IsSuccess, locked.Error?.Detail);
        Assert.Contains(locked.Value.Token, await _h.Locks.TokensAsync(alice, P("/doc.txt"), default));
        Assert.True((await _h.Locks.RefreshAsync(alice, P("/doc.txt"), [locked.Value.Token], null, default)).IsSuccess);
        Assert.True((await _h.Locks.UnlockAsync(alice, P("/doc.txt"), locked.Value.Token, default)).IsSuccess);
    }

    private async Task AddFolderAsync(IFileSession session, Caller caller, string name)
    {
        var opened = await FileTree.OpenAsync(session, caller, _h.Clock.GetUtcNow().ToUnixTimeMilliseconds(), default);
        await session.InsertNodeAsync(FileTree.NewFolder(opened.Value.Root, name, _h.Clock), default);
    }
}
