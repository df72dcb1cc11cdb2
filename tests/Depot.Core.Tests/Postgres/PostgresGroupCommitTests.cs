using Dapper;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresGroupCommitTests : GroupCommitTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;

    [Fact]
    public async Task A_batch_whose_pieces_all_succeed_writes_them_without_a_subtransaction_each()
    {
        // A SAVEPOINT per piece gives each piece's rows their own subtransaction id (xmin); run without, every row of the
        // batch carries the batch's one transaction id. The contract suite checks that failures still stay a piece's own.
        var alice = await Harness.CreateUserAsync();
        var (first, gate) = await HoldBatchOpenAsync(alice);
        var names = new[] { "a", "b", "c", "d", "e" };
        var works = names.Select(name => Harness.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, name, token), default)).ToList();
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.All(await Task.WhenAll(works), r => Assert.True(r.IsSuccess));
        Assert.Equal(1, await Harness.CountAsync("SELECT COUNT(DISTINCT xmin::text) FROM nodes WHERE name IN ('a', 'b', 'c', 'd', 'e')"));
    }

    [Fact]
    public async Task A_batch_runs_on_the_backend_of_the_batch_before_it_in_its_loop()
    {
        // Noted by the database itself: a trigger records the backend that inserted each node. The pool holds several idle
        // connections and hands out the one idle longest, so a batch that took a connection from the pool would not find
        // the one its predecessor just gave back (LaneConnection).
        var alice = await Harness.CreateUserAsync();
        await using (var connection = await Harness.Database.OpenAsync(default))
        {
            await connection.ExecuteAsync("""
                CREATE TABLE node_backends (name TEXT NOT NULL, pid INTEGER NOT NULL);
                CREATE FUNCTION note_node_backend() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN INSERT INTO node_backends VALUES (NEW.name, pg_backend_pid()); RETURN NULL; END $$;
                CREATE TRIGGER noted AFTER INSERT ON nodes FOR EACH ROW EXECUTE FUNCTION note_node_backend();
                """);
        }

        var idle = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Harness.Database.OpenAsync(default)));
        foreach (var connection in idle)
        {
            await connection.DisposeAsync();
        }

        var (first, gate) = await HoldBatchOpenAsync(alice);
        var second = Harness.Store.WriteGroupedAsync(alice.UserId, (session, token) => AddFolderAsync(session, alice, "second", token), default);
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.True((await second).IsSuccess);
        Assert.NotEqual((await Harness.CountAsync("SELECT MIN(xmin::text::bigint) FROM nodes WHERE name = 'first'")),
            await Harness.CountAsync("SELECT MIN(xmin::text::bigint) FROM nodes WHERE name = 'second'"));
        Assert.Equal(1, await Harness.CountAsync("SELECT COUNT(DISTINCT pid) FROM node_backends WHERE name IN ('first', 'second')"));
    }

    [Fact]
    public async Task A_batch_of_uploads_inserts_the_rows_of_each_table_with_one_statement()
    {
        // Counted by the database itself: a statement trigger notes every INSERT statement on the upload's tables.
        var alice = await Harness.CreateUserAsync();
        Assert.True((await Harness.UploadAsync(alice, "/docs/seed.txt", [0])).IsSuccess);
        await using (var connection = await Harness.Database.OpenAsync(default))
        {
            await connection.ExecuteAsync("""
                CREATE TABLE insert_statements (table_name TEXT NOT NULL);
                CREATE FUNCTION note_insert_statement() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN INSERT INTO insert_statements VALUES (TG_TABLE_NAME); RETURN NULL; END $$;
                CREATE TRIGGER noted AFTER INSERT ON blobs FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON blob_contents FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON nodes FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON versions FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                CREATE TRIGGER noted AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION note_insert_statement();
                """);
        }

        var (first, gate) = await HoldBatchOpenAsync(alice);
        var uploads = Enumerable.Range(0, 6).Select(i => Task.Run(() => Harness.UploadAsync(alice, $"/docs/f{i}.txt", [(byte)i]))).ToList();
        await Task.Delay(300);   // all six queue behind the held batch, and so share the next one
        gate.SetResult();

        Assert.True((await first).IsSuccess);
        Assert.All(await Task.WhenAll(uploads), r => Assert.True(r.IsSuccess, r.Error?.Detail));
        Assert.Equal(6, await Harness.CountAsync("SELECT COUNT(*) FROM versions v JOIN nodes n ON n.id = v.node_id WHERE n.name LIKE 'f_.txt'"));
        // One statement a table for each batch the uploads went in (a batch's rows share its transaction id): one batch
        // when all six queued in time, a few on a loaded machine; fewer than six, so some statement carried several rows.
        var batches = await Harness.CountAsync("SELECT COUNT(DISTINCT v.xmin::text) FROM versions v JOIN nodes n ON n.id = v.node_id WHERE n.name LIKE 'f_.txt'");
        Assert.InRange(batches, 1, 5);
        // The held batch inserted its folder and its change row besides.
        foreach (var (table, statements) in new[] { ("blobs", batches), ("blob_contents", batches), ("nodes", batches + 1), ("versions", batches), ("changes", batches + 1) })
        {
            Assert.Equal(statements, await Harness.CountAsync($"SELECT COUNT(*) FROM insert_statements WHERE table_name = '{table}'"));
        }
    }

    [Fact]
    public async Task Several_users_work_that_waits_for_a_batch_shares_one_commit_each_users_counters_their_own()
    {
        // Every batch the node runs at once is held open; what arrives meanwhile for three other users waits, and the
        // next batch takes all of it: one transaction, each user's rows, counters and change feed their own.
        var held = await HoldEveryBatchInFlightAsync();
        var users = new[] { await Harness.CreateUserAsync(), await Harness.CreateUserAsync(), await Harness.CreateUserAsync() };
        var works = new List<Task<Result<string>>>();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            works.Add(Harness.Store.WriteGroupedAsync(user.UserId, async (session, token) =>
            {
                var folder = await AddFolderAsync(session, user, "shared", token);
                await session.AddUsedBytesAsync(user.UserId, 100 * (i + 1), token);
                return folder;
            }, default));
            await Task.Delay(100);   // apart, as users' uploads arrive: each would have had a batch of its own
        }

        held.Release();

        await held.Completion;
        Assert.All(await Task.WhenAll(works), r => Assert.True(r.IsSuccess, r.Error?.Detail));
        Assert.Equal(1, await Harness.CountAsync("SELECT COUNT(DISTINCT xmin::text) FROM nodes WHERE name = 'shared'"));
        for (var i = 0; i < users.Length; i++)
        {
            Assert.Equal(100 * (i + 1), await Harness.UsedBytesAsync(users[i]));
            Assert.Equal(1, await Harness.CountAsync($"SELECT COUNT(*) FROM nodes WHERE name = 'shared' AND owner_id = '{users[i].UserId}'"));
            Assert.Equal(1, await Harness.CountAsync($"SELECT COUNT(*) FROM changes c JOIN nodes n ON n.id = c.node_id WHERE n.name = 'shared' AND c.user_id = '{users[i].UserId}'"));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_leaves_a_tree_another_transaction_holds_to_a_later_batch_and_commits_the_others_meanwhile(bool busyTreeWaitedLongest)
    {
        // The busy tree's work is either the batch's first (it waits for that tree alone, holding nothing, and the other
        // work goes to another batch) or not (the batch takes the free tree and leaves the busy one's work for later).
        var busy = await Harness.CreateUserAsync();
        var free = await Harness.CreateUserAsync();
        var holder = await Harness.Store.WriteAsync(default);
        Assert.True(await holder.LockTreesAsync([busy.UserId], default));

        var held = await HoldEveryBatchInFlightAsync();
        Task<Result<string>> Add(Caller caller) =>
            Harness.Store.WriteGroupedAsync(caller.UserId, (session, token) => AddFolderAsync(session, caller, "waited", token), default);
        Task<Result<string>> busyWork, freeWork;
        if (busyTreeWaitedLongest)
        {
            busyWork = Add(busy);
            freeWork = Add(free);
        }
        else
        {
            freeWork = Add(free);
            busyWork = Add(busy);
        }

        held.Release();

        Assert.True((await freeWork.WaitAsync(TimeSpan.FromSeconds(30))).IsSuccess);
        await held.Completion;
        Assert.False(busyWork.IsCompleted);
        await holder.DisposeAsync();   // rolls back: the busy tree is free
        Assert.True((await busyWork.WaitAsync(TimeSpan.FromSeconds(30))).IsSuccess);
        Assert.Equal(2, await Harness.CountAsync("SELECT COUNT(*) FROM nodes WHERE name = 'waited'"));
    }

    [Fact]
    public async Task A_batch_waiting_for_its_tree_does_not_count_against_the_batches_at_once()
    {
        // Were it counted, batches waiting for trees that other nodes hold would stop every other tree's uploads.
        var busy = await Harness.CreateUserAsync();
        await using var holder = await Harness.Store.WriteAsync(default);
        Assert.True(await holder.LockTreesAsync([busy.UserId], default));
        var waiting = Harness.Store.WriteGroupedAsync(busy.UserId, (session, token) => AddFolderAsync(session, busy, "waited", token), default);
        await Task.Delay(200);   // its batch is waiting for the tree by now

        var held = await HoldEveryBatchInFlightAsync();
        held.Release();
        await held.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(waiting.IsCompleted);
        await holder.DisposeAsync();   // rolls back: the tree is free
        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(30))).IsSuccess);
    }

    // One batch a user, as many as run at once, each held inside its work until released.
    private async Task<HeldBatches> HoldEveryBatchInFlightAsync()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var works = new List<Task<Result<string>>>();
        for (var i = 0; i < SqlFileStore.BatchesInFlight; i++)
        {
            var user = await Harness.CreateUserAsync();
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            works.Add(Harness.Store.WriteGroupedAsync(user.UserId, async (session, token) =>
            {
                started.TrySetResult();
                await gate.Task;
                return await AddFolderAsync(session, user, "held", token);
            }, default));
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        return new HeldBatches(gate, Task.WhenAll(works));
    }

    private sealed record HeldBatches(TaskCompletionSource Gate, Task<Result<string>[]> Completion)
    {
        public void Release() => Gate.SetResult();
    }
}
