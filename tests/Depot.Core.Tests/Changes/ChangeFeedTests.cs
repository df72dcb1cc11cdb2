using Depot.Core.Access;
using Depot.Core.Changes;
using Depot.Core.Cluster;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Core.Tests.Files;
using Depot.Protocol;
using Depot.Protocol.Changes;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Changes;

/// <summary>
/// The change feed's contract on each metadata backend: every change is recorded in the write transaction that made
/// it (a rolled-back write records nothing), each user's cursors count up from 1 with no gap and no repeat even when two
/// nodes write the same tree at once, and a reader following the feed never sees a later cursor before an earlier one.
/// </summary>
public abstract class ChangeFeedTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ChangeFeed Feed => new(_h.Database, new LocalClusterSignal(), new ChangeOptions { Retention = TimeSpan.FromDays(1) }, _h.Clock);

    [Fact]
    public async Task Each_kind_of_change_is_recorded_once_in_order()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.Folders.CreateAsync(alice, P("/docs"), false, default)).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/docs/a.txt", "one"u8.ToArray())).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/docs/a.txt", "two"u8.ToArray())).IsSuccess);
        Assert.True((await _h.Moves.MoveAsync(alice, P("/docs/a.txt"), P("/docs/b.txt"), false, default)).IsSuccess);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/docs/b.txt"), WritePreconditions.None, default)).IsSuccess);
        var trashed = (await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items.Single();
        Assert.True((await _h.TrashBin.RestoreAsync(alice, trashed.Node.Id, null, default)).IsSuccess);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/docs/b.txt"), WritePreconditions.None, default)).IsSuccess);
        Assert.True((await _h.TrashBin.PurgeAsync(alice, trashed.Node.Id, default)).IsSuccess);

        var changes = await AllAsync(alice);
        Assert.Equal(
            [
                (ChangeKinds.Created, "/docs", (string?)null), (ChangeKinds.Created, "/docs/a.txt", null),
                (ChangeKinds.Modified, "/docs/a.txt", null), (ChangeKinds.Moved, "/docs/b.txt", "/docs/a.txt"),
                (ChangeKinds.Trashed, "/docs/b.txt", null), (ChangeKinds.Restored, "/docs/b.txt", null),
                (ChangeKinds.Trashed, "/docs/b.txt", null), (ChangeKinds.Purged, "/docs/b.txt", null),
            ],
            changes.Select(c => (c.Kind, c.Path, c.OldPath)));
        Assert.Equal(Enumerable.Range(1, changes.Count).Select(i => (long)i), changes.Select(c => Seq(c.Cursor)));
        Assert.Equal(3, changes[2].Size);
        Assert.Equal(NodeKind.Folder, changes[0].NodeKind);
        Assert.All(changes.Skip(1), c => Assert.Equal(trashed.Node.Id, c.NodeId));
    }

    [Fact]
    public async Task Taking_and_releasing_a_webdav_lock_are_changes_of_the_locked_item()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/report.odt", "draft"u8.ToArray())).IsSuccess);
        var locked = await _h.Locks.LockAsync(alice, P("/report.odt"), new LockRequest(Exclusive: true, Infinite: false, null, null), default);
        Assert.True(locked.IsSuccess);
        Assert.True((await _h.Locks.LockAsync(alice, P("/new.odt"), new LockRequest(true, false, null, null), default)).IsSuccess);
        Assert.True((await _h.Locks.UnlockAsync(alice, P("/report.odt"), locked.Value.Token, default)).IsSuccess);

        // The lock on a name that does not exist yet has no item to report.
        var changes = await AllAsync(alice);
        Assert.Equal(
            [(ChangeKinds.Created, "/report.odt"), (ChangeKinds.Locked, "/report.odt"), (ChangeKinds.Unlocked, "/report.odt")],
            changes.Select(c => (c.Kind, c.Path)));
    }

    [Fact]
    public async Task A_write_that_rolls_back_records_nothing()
    {
        var alice = await _h.CreateUserAsync(quota: 4);
        Assert.True((await _h.UploadAsync(alice, "/a.txt", "1234"u8.ToArray())).IsSuccess);
        var before = await Feed.CurrentAsync(alice, default);

        // A write session that inserts a node and is disposed without commit.
        var root = (await _h.Files.GetAsync(alice, P("/"), default)).Value.Node;
        await using (var session = await _h.Store.WriteAsync(default))
        {
            await session.InsertNodeAsync(FileTree.NewFolder(root, "never", _h.Clock), default);
        }

        // A grouped upload that fails its quota check inside the shared transaction: its savepoint rolls back.
        Assert.Equal(ErrorCodes.QuotaExceeded, (await _h.UploadAsync(alice, "/b.txt", "12345"u8.ToArray())).Error!.Code);

        Assert.Equal(before, await Feed.CurrentAsync(alice, default));
        Assert.Empty((await Feed.ReadAsync(alice, before, 10, TimeSpan.Zero, default)).Value.Changes);
        Assert.Equal(1, await _h.CountAsync($"SELECT COUNT(*) FROM changes WHERE user_id = '{alice.UserId}'"));
    }

    [Fact]
    public async Task Deleting_a_user_deletes_their_feed_and_no_one_elses()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/a.txt", [1])).IsSuccess);
        Assert.True((await _h.UploadAsync(bob, "/b.txt", [2])).IsSuccess);

        await _h.Accounts.DeleteUserAsync(alice.UserId, default);

        Assert.Equal(0, await _h.CountAsync($"SELECT COUNT(*) FROM changes WHERE user_id = '{alice.UserId}'"));
        Assert.Equal(1, await _h.CountAsync($"SELECT COUNT(*) FROM changes WHERE user_id = '{bob.UserId}'"));
    }

    [Fact]
    public async Task Two_nodes_writing_one_tree_hand_out_every_cursor_once_and_a_follower_never_skips_one()
    {
        var alice = await _h.CreateUserAsync();
        await using var second = _h.SecondNode();
        const int PerNode = 15;
        var cursor = await Feed.CurrentAsync(alice, default);
        var seen = new List<ChangeEntry>();
        using var done = new CancellationTokenSource();

        // A follower reading as fast as it can while the nodes write: if a lower cursor could commit after a higher
        // one was visible, it would read past the lower one and never see it.
        var follower = Task.Run(async () =>
        {
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var page = (await Feed.ReadAsync(alice, cursor, 1000, TimeSpan.Zero, default)).Value;
                seen.AddRange(page.Changes);
                cursor = page.Cursor;
                if (finished && page.Changes.Count == 0)
                {
                    return;
                }
            }
        });
        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < PerNode; i++)
                {
                    Assert.True((await _h.UploadAsync(alice, $"/one/{i}.txt", [1])).IsSuccess);
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < PerNode; i++)
                {
                    Assert.True((await second.UploadAsync(alice, $"/two/{i}.txt", [2])).IsSuccess);
                }
            }));
        await done.CancelAsync();
        await follower.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(c => Seq(c.Cursor)));
        var files = seen.Where(c => c.NodeKind == NodeKind.File).Select(c => c.Path).ToList();
        Assert.Equal(2 * PerNode, files.Count);
        Assert.Equal(2 * PerNode, files.Distinct().Count());
    }

    [Fact]
    public async Task A_cursor_is_refused_in_another_users_feed_and_ahead_of_the_feed()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/secret.txt", [1])).IsSuccess);
        var alices = await Feed.CurrentAsync(alice, default);

        Assert.Equal(ErrorCodes.InvalidCursor, (await Feed.ReadAsync(bob, alices, 10, TimeSpan.Zero, default)).Error!.Code);
        Assert.Equal(ErrorCodes.InvalidCursor, (await Feed.ReadAsync(bob, "nonsense", 10, TimeSpan.Zero, default)).Error!.Code);
        Assert.Equal(ErrorCodes.InvalidCursor, (await Feed.ReadAsync(alice, ChangeCursor.Encode(alice.UserId, 99), 10, TimeSpan.Zero, default)).Error!.Code);
        Assert.Empty((await Feed.ReadAsync(bob, ChangeCursor.Encode(bob.UserId, 0), 10, TimeSpan.Zero, default)).Value.Changes);
    }

    [Fact]
    public async Task Pages_follow_each_other_without_overlap()
    {
        var alice = await _h.CreateUserAsync();
        for (var i = 0; i < 7; i++)
        {
            Assert.True((await _h.Folders.CreateAsync(alice, P($"/f{i}"), false, default)).IsSuccess);
        }

        var cursor = ChangeCursor.Encode(alice.UserId, 0);
        var pages = new List<ChangePage>();
        do
        {
            pages.Add((await Feed.ReadAsync(alice, cursor, 3, TimeSpan.Zero, default)).Value);
            cursor = pages[^1].Cursor;
        }
        while (pages[^1].HasMore);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Changes.Count));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"/f{i}"), pages.SelectMany(p => p.Changes).Select(c => c.Path));
    }

    [Fact]
    public async Task A_cursor_older_than_what_is_kept_has_expired_and_a_newer_one_reads_on()
    {
        var alice = await _h.CreateUserAsync();
        var start = await Feed.CurrentAsync(alice, default);
        Assert.True((await _h.Folders.CreateAsync(alice, P("/old"), false, default)).IsSuccess);
        var afterOld = await Feed.CurrentAsync(alice, default);
        _h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True((await _h.Folders.CreateAsync(alice, P("/new"), false, default)).IsSuccess);

        Assert.Equal(1, await Feed.TrimAsync(default));

        Assert.Equal(ErrorCodes.CursorExpired, (await Feed.ReadAsync(alice, start, 10, TimeSpan.Zero, default)).Error!.Code);
        Assert.Equal("/new", Assert.Single((await Feed.ReadAsync(alice, afterOld, 10, TimeSpan.Zero, default)).Value.Changes).Path);
    }

    private async Task<List<ChangeEntry>> AllAsync(Caller caller) =>
        [.. (await Feed.ReadAsync(caller, ChangeCursor.Encode(caller.UserId, 0), 1000, TimeSpan.Zero, default)).Value.Changes];

    private static long Seq(string cursor) => long.Parse(cursor[..cursor.IndexOf('-')], System.Globalization.CultureInfo.InvariantCulture);
}
