using System.Diagnostics;
using Dapper;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Core.Uploads;
using Depot.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// The write contract (IDatabase.BeginWriteAsync, docs/architecture.md) under concurrent writers on two connection
/// pools, as two server nodes on one database: the rules that are decided by reading (name uniqueness, quota, If-Match)
/// stay exact, and a lost race answers the same typed error as losing it one step earlier, never an exception.
/// </summary>
public abstract class WriteContractTests : TwoNodeSuite
{
    // Each race runs this many rounds: enough for both orders of arrival to occur, bounded in time (a round is a few ms).
    private const int Rounds = 20;

    [Fact]
    public async Task Two_nodes_creating_one_folder_name_give_one_folder_and_one_already_exists()
    {
        var alice = await One.CreateUserAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var path = P($"/race-{round}/Report");
            await One.Folders.CreateAsync(alice, path.Parent, parents: false, default);
            var results = await Task.WhenAll(
                Task.Run(() => One.Folders.CreateAsync(alice, path, parents: false, default)),
                Task.Run(() => Two.Folders.CreateAsync(alice, P($"/race-{round}/REPORT"), parents: false, default)));

            Assert.Single(results, r => r.IsSuccess);
            Assert.Single(results, r => r.Error?.Code == ErrorCodes.AlreadyExists);
        }

        Assert.Equal(2 * Rounds, await One.CountAsync("SELECT COUNT(*) FROM nodes WHERE kind = 0 AND parent_id IS NOT NULL"));
    }

    [Fact]
    public async Task Two_nodes_uploading_one_new_name_make_one_file_with_two_versions()
    {
        var alice = await One.CreateUserAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var results = await Task.WhenAll(
                Task.Run(() => One.UploadAsync(alice, $"/same/{round}.txt", [1, 2, 3])),
                Task.Run(() => Two.UploadAsync(alice, $"/same/{round}.txt", [4, 5])));

            Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Detail));
            Assert.Single(results, r => r.Value.Created);
            Assert.Equal(results[0].Value.Entry.Node.Id, results[1].Value.Entry.Node.Id);
        }

        Assert.Equal(Rounds, await One.CountAsync("SELECT COUNT(*) FROM nodes WHERE kind = 1"));
        Assert.Equal(2 * Rounds, await One.CountAsync("SELECT COUNT(*) FROM versions"));
        Assert.Equal(Rounds * 5, await One.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task Once_a_lock_taken_on_one_node_is_granted_uploads_into_its_folder_on_the_other_are_refused()
    {
        // Node one keeps uploading into the folder (in group commit batches, whose checks PostgreSQL reads ahead in one
        // round trip); node two locks the folder meanwhile. Whatever started after the lock was granted must see it.
        var alice = await One.CreateUserAsync();
        await One.UploadAsync(alice, "/shared/seed.txt", [0]);
        var granted = 0;
        var uploads = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var refusedAfterGrant = 0;
            var failedBefore = new List<string?>();
            // Until three of its uploads started after the grant (bounded, in case the lock is never granted).
            var i = 0;
            for (; refusedAfterGrant < 3 && i < 2_000; i++)
            {
                var afterGrant = Volatile.Read(ref granted) == 1;
                var result = await One.UploadAsync(alice, $"/shared/w{writer}-{i}.txt", [1], new UploadRequest(Length: 1));
                if (afterGrant)
                {
                    Assert.Equal(ErrorCodes.Locked, result.Error?.Code);
                    refusedAfterGrant++;
                }
                else if (!result.IsSuccess)
                {
                    failedBefore.Add(result.Error?.Code);
                }
            }

            // Says why, should a writer end without three refusals (it once did, rarely, on SQLite).
            return (Refused: refusedAfterGrant, Uploads: i, FailedBefore: string.Join(", ", failedBefore.Distinct()));
        })).ToList();
        await Task.Delay(20);
        var asked = Stopwatch.StartNew();
        var locked = await Two.Locks.LockAsync(alice, P("/shared"), new LockRequest(Exclusive: true, Infinite: true, null, null), default);
        Volatile.Write(ref granted, 1);
        var lockTook = asked.ElapsedMilliseconds;

        Assert.True(locked.IsSuccess, locked.Error?.Detail);
        Assert.All(await Task.WhenAll(uploads), w => Assert.True(w.Refused == 3,
            $"{w.Refused} refused after the grant, in {w.Uploads} uploads; the lock took {lockTook} ms; failed before it: [{w.FailedBefore}]"));
    }

    [Fact]
    public async Task Deleting_a_user_on_one_node_while_the_other_uploads_into_their_tree_leaves_nothing_of_theirs()
    {
        // Every upload racing the deletion either commits before it (its rows go with the user) or is refused; none leaves a
        // row of the deleted user behind (a fresh root was one, migration 0030), and none fails with a server error.
        for (var round = 0; round < Rounds; round++)
        {
            var user = await One.CreateUserAsync();
            var firstDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var uploads = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                var outcomes = new List<Result<UploadResult>>();
                for (var i = 0; i < 6; i++)
                {
                    outcomes.Add(await Two.UploadAsync(user, $"/w{writer}/f{i}.bin", [(byte)i]));
                    firstDone.TrySetResult();
                }

                return outcomes;
            })).ToList();
            await firstDone.Task;
            await One.Accounts.DeleteUserAsync(user.UserId, default);
            var outcomes = (await Task.WhenAll(uploads)).SelectMany(o => o).ToList();

            Assert.Contains(outcomes, o => o.IsSuccess);
            Assert.All(outcomes.Where(o => !o.IsSuccess), o => Assert.NotNull(o.Error?.Code));
        }

        Assert.Equal(0, await One.CountAsync("SELECT COUNT(*) FROM nodes n WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.owner_id)"));
        Assert.Equal(0, await One.CountAsync("SELECT COUNT(*) FROM changes c WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.user_id)"));
        Assert.Equal(0, await One.CountAsync("SELECT COUNT(*) FROM blob_contents c WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.id = c.blob_id)"));
    }

    [Fact]
    public async Task Uploads_racing_at_the_quota_edge_never_pass_it()
    {
        const int size = 1_000;
        var alice = await One.CreateUserAsync(quota: 10 * size + size / 2);
        var uploads = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? One : Two).UploadAsync(alice, $"/edge/{i}.bin", new byte[size])));
        var results = await Task.WhenAll(uploads);

        Assert.Equal(10, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.QuotaExceeded, r.Error?.Code));
        Assert.Equal(10 * size, await One.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task Resumable_upload_reservations_racing_at_the_quota_edge_never_pass_it()
    {
        const int size = 3_000;
        var alice = await One.CreateUserAsync(quota: 10_000);
        var creations = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Uploads(i % 2 == 0 ? One : Two).CreateAsync(
                alice, new NewUpload(P($"/tus/{i}.bin"), size, null, new UploadRequest(CreateParents: true)), default)));
        var results = await Task.WhenAll(creations);

        Assert.Equal(3, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.QuotaExceeded, r.Error?.Code));
        Assert.Equal(3 * size, await One.CountAsync("SELECT COALESCE(SUM(reserved_bytes), 0) FROM uploads"));
    }

    [Fact]
    public async Task Overwrites_racing_with_one_if_match_have_exactly_one_winner()
    {
        var alice = await One.CreateUserAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var path = $"/doc-{round}.txt";
            var etag = (await One.UploadAsync(alice, path, [0])).Value.Entry.Node.ETag!;
            var conditional = new UploadRequest(Preconditions: new WritePreconditions([etag], null));
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
                (i % 2 == 0 ? One : Two).UploadAsync(alice, path, [(byte)(i + 1)], conditional))));

            Assert.Single(results, r => r.IsSuccess);
            Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.PreconditionFailed, r.Error?.Code));
        }
    }

    [Fact]
    public async Task A_writer_waits_for_another_in_the_same_tree_but_not_in_another_users_tree()
    {
        var alice = await One.CreateUserAsync();
        var bob = await One.CreateUserAsync();
        await One.Folders.CreateAsync(alice, P("/warm"), parents: false, default);
        await One.Folders.CreateAsync(bob, P("/warm"), parents: false, default);

        // Node one holds alice's tree: a write session that has walked into it and not committed yet.
        var holding = await One.Store.WriteAsync(default);
        var root = (await FileTree.OpenAsync(holding, alice, 0, default)).Value.Root;
        Assert.True((await FileTree.FindAsync(holding, root, P("/warm"), default, Need.Write)).IsSuccess);   // the walk locks alice's tree

        var sameTree = Task.Run(() => Two.Folders.CreateAsync(alice, P("/waits"), parents: false, default));
        var otherTree = Task.Run(() => Two.Folders.CreateAsync(bob, P("/runs"), parents: false, default));

        if (Backend == MetadataBackend.Postgres)
        {
            // Bob's write finishes while alice's tree is held; alice's own waits for it.
            Assert.True((await otherTree.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
            Assert.False(sameTree.IsCompleted);
        }
        else
        {
            // SQLite has one writer for the whole database: both wait (the embedded default serves one node).
            await Task.Delay(200);
            Assert.False(otherTree.IsCompleted);
        }

        await holding.DisposeAsync();
        Assert.True((await sameTree.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
        Assert.True((await otherTree.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
    }

    [Fact]
    public async Task An_upload_into_a_busy_share_waits_for_it_without_holding_up_uploads_into_the_callers_own_tree()
    {
        var alice = await One.CreateUserAsync();
        var bob = await One.CreateUserAsync();
        await MutualShareAsync(bob, alice, "from-bob");

        // Node two holds bob's tree, as a write into it that has not committed yet.
        var holding = await Two.Store.WriteAsync(default);
        var root = (await FileTree.OpenAsync(holding, bob, 0, default)).Value.Root;
        Assert.True((await FileTree.FindAsync(holding, root, P("/shared-from-bob"), default, Need.Write)).IsSuccess);

        // Alice's uploads share a batch (her tree's lane); the one into bob's share must not keep the others waiting.
        var intoShare = Task.Run(() => One.UploadAsync(alice, "/from-bob/in-share.bin", new byte[7]));
        await Task.Delay(50);
        var own = Enumerable.Range(0, 8).Select(i => Task.Run(() => One.UploadAsync(alice, $"/own/{i}.bin", new byte[1]))).ToArray();

        if (Backend == MetadataBackend.Postgres)
        {
            var done = await Task.WhenAll(own).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.All(done, r => Assert.True(r.IsSuccess, r.Error?.Detail));
            Assert.False(intoShare.IsCompleted);
        }
        else
        {
            await Task.Delay(200);
            Assert.DoesNotContain(own, t => t.IsCompleted);
        }

        await holding.DisposeAsync();
        Assert.True((await intoShare.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
        Assert.All(await Task.WhenAll(own).WaitAsync(TimeSpan.FromSeconds(10)), r => Assert.True(r.IsSuccess, r.Error?.Detail));
        Assert.Equal(7, await One.UsedBytesAsync(bob));
        Assert.Equal(8, await One.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task Writers_crossing_into_each_others_shares_at_once_all_finish_without_a_server_error()
    {
        // Alice writes into bob's share while bob writes into alice's: on PostgreSQL each walk locks its own tree, then
        // the other's, the one order in which two writers can deadlock. The loser is rolled back and run again.
        var alice = await One.CreateUserAsync();
        var bob = await One.CreateUserAsync();
        await MutualShareAsync(alice, bob, "from-alice");
        await MutualShareAsync(bob, alice, "from-bob");

        var writes = Enumerable.Range(0, Rounds).SelectMany(i => new[]
        {
            Task.Run(() => One.UploadAsync(alice, $"/from-bob/a{i}.bin", new byte[1])),
            Task.Run(() => Two.UploadAsync(bob, $"/from-alice/b{i}.bin", new byte[2])),
            Task.Run(() => Two.UploadAsync(alice, $"/own/a{i}.bin", new byte[3])),
            Task.Run(() => One.UploadAsync(bob, $"/own/b{i}.bin", new byte[4])),
        });
        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Detail));
        // Each file is charged to the owner of the tree it landed in: alice's tree got bob's 2-byte files and her own
        // 3-byte ones, bob's got alice's 1-byte files and his own 4-byte ones.
        Assert.Equal(Rounds * (2 + 3), await One.UsedBytesAsync(alice));
        Assert.Equal(Rounds * (1 + 4), await One.UsedBytesAsync(bob));
    }

    // Owner shares a folder with the grantee as editor; the grantee mounts it at /mountName (what ShareService does).
    private async Task MutualShareAsync(Caller owner, Caller grantee, string mountName)
    {
        var folder = await One.Folders.CreateAsync(owner, P("/shared-" + mountName), parents: false, default);
        await using (var connection = await One.Database.OpenAsync(default))
        {
            await connection.ExecuteAsync(
                "INSERT INTO shares (id, node_id, owner_id, grantee_kind, grantee_id, role, created_by, created_at, expires_at) " +
                "VALUES (@id, @node, @owner, 0, @grantee, @role, @owner, 0, NULL)",
                new { id = Ids.New(One.Clock), node = folder.Value.Entry.Node.Id, owner = owner.UserId, grantee = grantee.UserId, role = (int)Role.Editor });
        }

        await using var session = await One.Store.WriteAsync(default);
        var root = (await FileTree.OpenAsync(session, grantee, 0, default)).Value.Root;
        var mount = FileTree.NewFolder(root, mountName, One.Clock) with { Kind = NodeKind.Mount };
        await session.InsertNodeAsync(mount, default);
        await session.InsertMountAsync(mount.Id, folder.Value.Entry.Node.Id, default);
        await session.CommitAsync(default);
    }

    private static UploadService Uploads(FilesHarness h) => new(
        new SqlUploadStore(h.Database), new LocalPartialStore(Path.Combine(h.Blobs.Root, "..", "uploads"), h.Blobs, h.Storage, h.Clock), h.Blobs, h.Files,
        h.Storage, new UploadsOptions(), h.Clock, NullLogger<UploadService>.Instance);
}
