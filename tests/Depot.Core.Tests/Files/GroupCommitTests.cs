using System.Globalization;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>Group commit (<see cref="IFileStore.WriteGroupedAsync"/>): shared transactions, isolated failures.</summary>
/// <summary>A contract suite: runs against every metadata backend through one subclass each.</summary>
public abstract class GroupCommitTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    protected FilesHarness Harness => _h;

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Concurrent_uploads_into_a_new_folder_all_commit_and_count_once_each()
    {
        var alice = await _h.CreateUserAsync();
        var uploads = Enumerable.Range(0, 48).Select(i => Task.Run(() => _h.UploadAsync(alice, $"/new/f{i:D2}", new byte[100 + i])));
        var results = await Task.WhenAll(uploads);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Detail));
        var listing = await _h.Folders.ListAsync(alice, P("/new"), new ListRequest(ChildOrder.Name, false, 100, null), default);
        Assert.Equal(48, listing.Value.Items.Count);
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'new'"));
        Assert.Equal(Enumerable.Range(0, 48).Sum(i => 100 + i), await _h.UsedBytesAsync(alice));
        Assert.Equal(48, await _h.StoredContentCountAsync());
    }

    [Fact]
    public async Task A_failing_or_throwing_work_rolls_back_alone_and_the_rest_of_its_batch_commits()
    {
        var alice = await _h.CreateUserAsync();
        var (first, gate) = await HoldBatchOpenAsync(alice);
        var ok = _h.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, "ok", token), default);
        var refused = _h.Store.WriteGroupedAsync(alice.UserId, async (session, token) =>
        {
            await AddFolderAsync(session, alice, "refused", token);
            return Result<string>.Fail(ErrorCodes.PreconditionFailed, "no");
        }, default);
        var thrown = _h.Store.WriteGroupedAsync<string>(alice.UserId, async (session, token) =>
        {
            await AddFolderAsync(session, alice, "thrown", token);
            throw new InvalidOperationException("boom");
        }, default);
        var committing = _h.Store.WriteGroupedAsync(alice.UserId, async (session, token) =>
        {
            await AddFolderAsync(session, alice, "committing", token);
            await session.CommitAsync(token);   // not allowed inside a group
            return Result<string>.Ok("");
        }, default);
        var last = _h.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, "last", token), default);
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.True((await ok).IsSuccess);
        Assert.Equal(ErrorCodes.PreconditionFailed, (await refused).Error?.Code);
        await Assert.ThrowsAsync<InvalidOperationException>(() => thrown);
        await Assert.ThrowsAsync<InvalidOperationException>(() => committing);
        Assert.True((await last).IsSuccess);
        var names = (await _h.Folders.ListAsync(alice, DepotPath.Root, new ListRequest(ChildOrder.Name, false, 100, null), default))
            .Value.Items.Select(i => i.Name);
        Assert.Equal(["first", "last", "ok"], names);
    }

    [Fact]
    public async Task A_work_that_fails_before_its_first_statement_rolls_back_alone_too()
    {
        // On PostgreSQL a piece's SAVEPOINT waits for its first round trip; a piece that ends before one never sent it,
        // so there is nothing to roll back or release on the server either.
        var alice = await _h.CreateUserAsync();
        var (first, gate) = await HoldBatchOpenAsync(alice);
        var refused = _h.Store.WriteGroupedAsync(alice.UserId, (_, _) =>
            Task.FromResult(Result<string>.Fail(ErrorCodes.PreconditionFailed, "no")), default);
        var thrown = _h.Store.WriteGroupedAsync<string>(alice.UserId, (_, _) => throw new InvalidOperationException("boom"), default);
        var last = _h.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, "last", token), default);
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.Equal(ErrorCodes.PreconditionFailed, (await refused).Error?.Code);
        await Assert.ThrowsAsync<InvalidOperationException>(() => thrown);
        Assert.True((await last).IsSuccess);
        var names = (await _h.Folders.ListAsync(alice, DepotPath.Root, new ListRequest(ChildOrder.Name, false, 100, null), default))
            .Value.Items.Select(i => i.Name);
        Assert.Equal(["first", "last"], names);
    }

    [Fact]
    public async Task A_write_that_fails_after_its_work_returned_fails_that_work_alone()
    {
        // PostgreSQL sends a piece's writes with the next piece's first round trip: a failure there is not the next
        // piece's, and must not cost the finished piece's writes either. The batch runs again, each piece's writes on
        // their own, and only the piece whose write failed fails (SQLite runs every write at once: the same outcome).
        var alice = await _h.CreateUserAsync();
        var (first, gate) = await HoldBatchOpenAsync(alice);
        var before = _h.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, "before", token), default);
        var orphan = _h.Store.WriteGroupedAsync(alice.UserId, async (session, token) =>
        {
            var opened = await FileTree.OpenAsync(session, alice, 0, token);
            await session.InsertNodeAsync(FileTree.NewFolder(opened.Value.Root, "orphan", _h.Clock) with { ParentId = "no-such-folder" }, token);
            return Result<string>.Ok("");
        }, default);
        var after = _h.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, "after", token), default);
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.True((await before).IsSuccess);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => orphan);
        Assert.True((await after).IsSuccess);
        var names = (await _h.Folders.ListAsync(alice, DepotPath.Root, new ListRequest(ChildOrder.Name, false, 100, null), default))
            .Value.Items.Select(i => i.Name);
        Assert.Equal(["after", "before", "first"], names);
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'orphan'"));
    }

    [Fact]
    public async Task A_write_of_the_batchs_last_work_that_fails_with_the_commit_fails_that_work_alone()
    {
        // Works that add files and say which paths they walk (as uploads do): on PostgreSQL the batch reads their walks
        // with its lock and tells the change feed where the files are from them, so the last work's writes go with the
        // COMMIT, in one round trip. The server refuses one of them, skips the COMMIT and nothing commits. The batch runs
        // again, and only the work whose write failed fails.
        var alice = await _h.CreateUserAsync();
        var (first, gate) = await HoldBatchOpenAsync(alice);
        var added = AddFileAsync(alice, "added.txt", versionBlobId: null);
        var broken = AddFileAsync(alice, "broken.txt", versionBlobId: "no-such-blob");
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.True((await added).IsSuccess);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => broken);
        var names = (await _h.Folders.ListAsync(alice, DepotPath.Root, new ListRequest(ChildOrder.Name, false, 100, null), default))
            .Value.Items.Select(i => i.Name);
        Assert.Equal(["added.txt", "first"], names);
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'broken.txt'"));
    }

    // A file node at the root, and a version of it pointing at versionBlobId (a blob that does not exist fails the insert).
    private Task<Result<string>> AddFileAsync(Caller caller, string name, string? versionBlobId) =>
        _h.Store.WriteGroupedAsync(caller.UserId, async (session, token) =>
        {
            await session.PrefetchWalkAsync(caller.UserId, [NodeName.Key(name)], 0, token);
            var opened = await FileTree.OpenAsync(session, caller, 0, token);
            var file = FileTree.NewFolder(opened.Value.Root, name, _h.Clock) with { Kind = NodeKind.File };
            await session.InsertNodeAsync(file, token);
            if (versionBlobId is not null)
            {
                await session.InsertVersionAsync(new FileVersion { Id = Guid.NewGuid().ToString("N"), NodeId = file.Id, BlobId = versionBlobId, Sha256 = "00" }, token);
            }

            return Result<string>.Ok(file.Id);
        }, default, [NodeName.Key(name)]);

    [Fact]
    public async Task A_batch_leaves_folder_and_usage_as_its_works_one_by_one_would_and_a_rolled_back_work_adds_neither()
    {
        // Touches and used bytes are summed over the batch and written at its commit (BatchedCounters): the rows must
        // end as the works' own updates would have left them, and later works must see the earlier ones' bytes.
        var alice = await _h.CreateUserAsync();
        var rootRevision = $"SELECT n.revision FROM nodes n JOIN users u ON u.root_id = n.id WHERE u.id = '{alice.UserId}'";
        var rootModified = $"SELECT n.modified_at FROM nodes n JOIN users u ON u.root_id = n.id WHERE u.id = '{alice.UserId}'";
        var revisionBefore = await _h.CountAsync(rootRevision);
        var (first, gate) = await HoldBatchOpenAsync(alice);
        Task<Result<string>> Count(long at, long bytes, bool refuse = false) =>
            _h.Store.WriteGroupedAsync(alice.UserId, async (session, token) =>
            {
                var opened = await FileTree.OpenAsync(session, alice, 0, token);
                var seen = opened.Value.User.UsedBytes;
                await session.TouchAsync(opened.Value.Root.Id, at, token);
                await session.AddUsedBytesAsync(alice.UserId, bytes, token);
                return refuse ? Result<string>.Fail(ErrorCodes.QuotaExceeded, "no") : Result<string>.Ok(seen.ToString(CultureInfo.InvariantCulture));
            }, default);
        var works = new[] { Count(1_000, 10), Count(3_000, 20), Count(9_000, 1_000, refuse: true), Count(2_000, 30) };
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        var seen = await Task.WhenAll(works);
        Assert.Equal(["0", "10", "30"], new[] { seen[0], seen[1], seen[3] }.Select(r => r.Value));
        Assert.Equal(ErrorCodes.QuotaExceeded, seen[2].Error?.Code);
        Assert.Equal(60, await _h.UsedBytesAsync(alice));
        Assert.Equal(revisionBefore + 3, await _h.CountAsync(rootRevision));
        Assert.Equal(2_000, await _h.CountAsync(rootModified));   // the last touch's time, as the last update would set it
    }

    [Fact]
    public async Task Work_cancelled_before_it_runs_changes_nothing()
    {
        var alice = await _h.CreateUserAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var work = _h.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, "never", token), cancelled.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'never'"));
    }

    [Fact]
    public async Task Uploads_in_one_batch_see_the_files_and_folders_created_before_them_in_it()
    {
        // On PostgreSQL a batch reads all of its uploads' walks when it begins (BatchWalks): one that an earlier upload of
        // the batch changed must be read again, or the second "same.txt" would be a second file and "new" a second folder.
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/docs/seed.txt", [0])).IsSuccess);
        var (first, gate) = await HoldBatchOpenAsync(alice);
        var uploads = new[] { "/docs/same.txt", "/docs/new/a.txt", "/docs/same.txt", "/docs/new/b.txt", "/docs/other.txt" }
            .Select((path, i) => Task.Run(() => _h.UploadAsync(alice, path, [(byte)(i + 1)]))).ToList();
        await Task.Delay(300);   // all five queue behind the held batch, and so share the next one
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.All(await Task.WhenAll(uploads), r => Assert.True(r.IsSuccess, r.Error?.Detail));
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'same.txt'"));
        Assert.Equal(2, await _h.CountAsync("SELECT COUNT(*) FROM versions v JOIN nodes n ON n.id = v.node_id WHERE n.name = 'same.txt'"));
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'new'"));
        Assert.Equal(2, await _h.CountAsync("SELECT COUNT(*) FROM nodes c JOIN nodes f ON f.id = c.parent_id WHERE f.name = 'new'"));
        Assert.Equal(6, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task Uploads_in_one_batch_that_replace_files_of_one_folder_each_add_a_version_to_its_file()
    {
        // On PostgreSQL the batch reads the walks to the files of each folder as one statement (WalkSql.FromRootToLeaves):
        // four in /docs, two in the root.
        var alice = await _h.CreateUserAsync();
        string[] paths = ["/docs/f0.txt", "/docs/f1.txt", "/docs/f2.txt", "/docs/f3.txt", "/f4.txt", "/f5.txt"];
        for (var i = 0; i < paths.Length; i++)
        {
            Assert.True((await _h.UploadAsync(alice, paths[i], [(byte)i])).IsSuccess);
        }

        var (first, gate) = await HoldBatchOpenAsync(alice);
        var uploads = paths.Select((path, i) => Task.Run(() => _h.UploadAsync(alice, path, [(byte)(10 + i)]))).ToList();
        await Task.Delay(300);   // all of them queue behind the held batch, and so share the next one
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.All(await Task.WhenAll(uploads), r => Assert.False(r.Value.Created));
        Assert.Equal(6, await _h.CountAsync("SELECT COUNT(*) FROM nodes WHERE name LIKE 'f_.txt'"));
        Assert.Equal(12, await _h.CountAsync("SELECT COUNT(*) FROM versions v JOIN nodes n ON n.id = v.node_id WHERE n.name LIKE 'f_.txt'"));
        for (var i = 0; i < paths.Length; i++)
        {
            Assert.Equal([(byte)(10 + i)], await _h.ReadAsync(alice, paths[i]));
        }
    }

    // A work ("first") that holds its batch open until the gate opens, so everything queued meanwhile lands in the next batch.
    protected async Task<(Task<Result<string>> First, TaskCompletionSource Gate)> HoldBatchOpenAsync(Caller caller)
    {
        var gate = new TaskCompletionSource();
        var first = _h.Store.WriteGroupedAsync(caller.UserId, async (session, token) =>
        {
            await gate.Task;
            return await AddFolderAsync(session, caller, "first", token);
        }, default);
        await Task.Delay(50);
        return (first, gate);
    }

    protected async Task<Result<string>> AddFolderAsync(IFileSession session, Caller caller, string name, CancellationToken token)
    {
        var opened = await FileTree.OpenAsync(session, caller, 0, token);
        var folder = FileTree.NewFolder(opened.Value.Root, name, _h.Clock);
        await session.InsertNodeAsync(folder, token);
        return folder.Id;
    }
}
