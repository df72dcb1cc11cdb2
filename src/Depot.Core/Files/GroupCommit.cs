using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>
/// Group commit: write work that is ready at the same moment shares one metadata transaction, so one durable
/// commit (one WAL fsync on SQLite) covers all of it.
/// <para>
/// Why: SQLite has a single writer. Sixteen concurrent small uploads used to queue on its write lock inside
/// SQLite's busy handler, which sleeps (up to 100 ms a try) on a blocked thread, and then paid one fsync each; the
/// benchmark measured 160–250 uploads/s on a disk that makes 4,000 files/s durable. Here the first caller starts a
/// drain loop, and everything that arrives while a batch commits goes into the next batch.
/// </para>
/// <para>
/// Pieces of work run in arrival order, so each sees the work before it as committed data would show it (an If-Match
/// still has exactly one winner), and a failure (a failed result or an exception) rolls back only its own changes.
/// Every caller gets its outcome only after the shared COMMIT returned: nothing is acknowledged before it is durable.
/// If the COMMIT fails, every caller in the batch gets the exception.
/// </para>
/// <para>
/// How a failure stays a piece's own: SQLite runs each piece in a SAVEPOINT (in-process, it costs microseconds). On
/// PostgreSQL a batch first runs without any: a SAVEPOINT and its RELEASE are two statements a piece, and a subtransaction
/// per piece makes every foreign-key check of a row the pieces share (the user, the folder) a new MultiXact, all of it in
/// the one backend a tree's uploads wait for. Almost every piece succeeds; one that fails before it wrote anything
/// (a refused precondition, a quota, a busy tree) has nothing to undo. Only a piece that fails after it wrote, or throws
/// (a failed statement aborts the whole transaction), sends the batch back: it rolls back and runs again with a
/// SAVEPOINT per piece, where the failure is that piece's alone (<c>depot_group_commit_reruns_total</c>).
/// </para>
/// <para>
/// Lanes: work is queued by the tree it writes (its lane). SQLite has one writer, so everything shares one lane.
/// PostgreSQL holds one lock per tree, and a batch holds the lock of every tree it writes from before its first piece,
/// so uploads into one tree share its lock and its WAL flush (one lock wait and one fsync for up to a batch, where each
/// upload paid both in turn). A tree is in one batch at a time on a node; its next work waits for that batch.
/// </para>
/// <para>
/// Several trees in one batch: up to <c>maxBatchesInFlight</c> batches run at once, each on its own connection. Work
/// arriving while that many run waits for the next batch to form, which takes the waiting work of every tree not in a
/// batch, oldest first. Several users' uploads then share a commit instead of one transaction each, which on two cores
/// cost PostgreSQL three times the CPU per upload (bench/README.md). No tree waits for another's lock: a batch waits only
/// for its first tree's lock, holding nothing else, and only while it holds nothing does it wait, uncounted, so other
/// batches form meanwhile; the other trees it takes only if they are free at once, and leaves the rest to the next batch.
/// Work that turns out to need another tree that is busy (<see cref="TreeBusyException"/>) runs again on its own instead.
/// </para>
/// </summary>
/// <param name="database">Where each drain loop's kept connection comes from (<see cref="LaneConnection"/>).</param>
/// <param name="openWrite">Opens a batch's write session on the loop's connection, holding no tree yet.</param>
/// <param name="maxBatch">
/// Bounds one transaction's length (and so the wait of the batch behind it). On PostgreSQL also the number of writing
/// subtransactions (savepoints) of a batch run again, which above 64 overflow each backend's cache and slow every snapshot.
/// </param>
/// <param name="maxBatchesInFlight">How many batches may run at once, not counting those waiting for their first tree.</param>
internal sealed class GroupCommit(
    IDatabase database, Func<LaneConnection, CancellationToken, Task<SqlFileSession>> openWrite, int maxBatch, int maxBatchesInFlight)
{
    private const string Savepoint = "grouped";

    private readonly Lock _lock = new();

    // Work waiting, by tree; and those trees, the one waiting longest first.
    private readonly Dictionary<string, Queue<Pending>> _waiting = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    // Trees in a batch now: their next work waits for it.
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    // Drain loops counted against maxBatchesInFlight; and whether one was started and has not yet taken its first batch
    // (it takes whatever arrives meanwhile, so no second one is started for it).
    private int _loops;
    private bool _starting;

    /// <summary>
    /// Queues <paramref name="work"/> in lane <paramref name="lane"/>; <paramref name="alone"/> runs it outside any batch
    /// if the batch cannot (it needed another tree, busy at the time). <paramref name="walkKeys"/>: the path the work
    /// walks first in the lane's tree (<see cref="IFileSession.PrefetchWalkAsync"/>), read for the whole batch at once.
    /// </summary>
    public Task<Result<T>> RunAsync<T>(
        string lane, Func<IFileSession, CancellationToken, Task<Result<T>>> work, Func<Task<Result<T>>> alone,
        CancellationToken cancellationToken, IReadOnlyList<string>? walkKeys = null)
    {
        ConnectionUse.EnsureNoneHeld("a group commit");
        var pending = new Pending<T>(work, alone, cancellationToken) { Lane = lane, WalkKeys = walkKeys };
        bool start;
        lock (_lock)
        {
            if (_waiting.TryGetValue(lane, out var queue))
            {
                queue.Enqueue(pending);
            }
            else
            {
                _waiting.Add(lane, new Queue<Pending>([pending]));
                _order.Add(lane);
            }

            start = TryStartLoop();
        }

        if (start)
        {
            StartLoop();
        }

        return pending.Task;
    }

    private void StartLoop() => _ = Task.Run(DrainAsync, CancellationToken.None);

    // Under _lock: whether to start a loop now, counted.
    private bool TryStartLoop()
    {
        if (_starting || _loops >= maxBatchesInFlight || !_order.Exists(tree => !_running.Contains(tree)))
        {
            return false;
        }

        _loops++;
        _starting = true;
        return true;
    }

    private async Task DrainAsync()
    {
        // Started by the request that found the lane idle, whose connections these are not. A batch holds its session's
        // connection and its pieces must open no other: sixteen lanes each waiting for a second connection would deadlock a
        // pool of sixteen.
        using var watch = ConnectionUse.Fork();
        await using var lane = new LaneConnection(database);
        var fresh = true;
        while (true)
        {
            Batch? batch;
            bool more;
            lock (_lock)
            {
                if (fresh)
                {
                    _starting = false;
                    fresh = false;
                }

                batch = TakeBatch();
                if (batch is null)
                {
                    _loops--;
                    return;
                }

                more = TryStartLoop();   // work left beyond this batch's size, in trees it could not take
            }

            if (more)
            {
                StartLoop();
            }

            FilesMetrics.GroupCommitBatchSize.Record(batch.Pieces.Count);
            try
            {
                await RunBatchAsync(batch, lane);
            }
            catch (Exception e)
            {
                // Only disposing the session can get here, after every caller has its outcome. The loop must go on:
                // a dead loop would leave every later upload waiting for ever.
                foreach (var pending in batch.Pieces)
                {
                    pending.Fail(e);
                }
            }

            lock (_lock)
            {
                _running.ExceptWith(batch.Trees);
            }
        }
    }

    // Under _lock: the waiting work of the tree waiting longest that no batch holds, then of the others no batch holds,
    // oldest first, up to maxBatch.
    private Batch? TakeBatch()
    {
        Batch? batch = null;
        foreach (var tree in _order.ToList())
        {
            if (_running.Contains(tree))
            {
                continue;
            }

            batch ??= new Batch(tree);
            var queue = _waiting[tree];
            while (batch.Pieces.Count < maxBatch && queue.TryDequeue(out var next))
            {
                batch.Pieces.Add(next);
            }

            batch.Trees.Add(tree);
            _running.Add(tree);
            if (queue.Count == 0)
            {
                _waiting.Remove(tree);
                _order.Remove(tree);
            }

            if (batch.Pieces.Count == maxBatch)
            {
                break;
            }
        }

        return batch;
    }

    private async Task RunBatchAsync(Batch batch, LaneConnection lane)
    {
        var ran = await RunOnceAsync(batch, lane, flushEach: false, fromMemory: true);
        if (ran == Ran.StaleMemory)
        {
            // What the batch took from memory was out of date (KnownFolders): the same run, with reads this time.
            Reset(batch);
            ran = await RunOnceAsync(batch, lane, flushEach: false, fromMemory: false);
        }

        if (ran != Ran.Done)
        {
            // A round trip carrying finished pieces' writes failed before COMMIT, or a piece failed after writing with no
            // savepoint to roll back to: nothing committed and nobody has an outcome. Again, each piece in a savepoint and
            // its writes sent on their own, so a failing one fails only its piece.
            FilesMetrics.GroupCommitReruns.Add(1);
            Reset(batch);
            await RunOnceAsync(batch, lane, flushEach: true, fromMemory: false);
        }
    }

    // Before a batch runs again: no caller got an outcome from the run that was rolled back.
    private static void Reset(Batch batch)
    {
        foreach (var pending in batch.Pieces)
        {
            pending.Reset();
        }
    }

    private enum Ran
    {
        /// <summary>Every caller has its outcome.</summary>
        Done,

        /// <summary>Nothing committed and no caller has an outcome: run it again, each piece in a savepoint.</summary>
        Again,

        /// <summary>Nothing committed and no caller has an outcome: what it took from memory was stale; run it again with reads.</summary>
        StaleMemory,
    }

    /// <summary>
    /// Runs the batch and gives every caller its outcome, or returns without giving any: only when
    /// <paramref name="flushEach"/> is off and a round trip that carried earlier pieces' writes (or the guard of reads
    /// taken from memory, <paramref name="fromMemory"/>) failed before COMMIT, or a piece without a savepoint must be
    /// undone. Off, a piece's writes ride on the next piece's first round trip (or the commit's), one round trip a piece
    /// fewer on PostgreSQL while the tree's lock is held, and PostgreSQL runs pieces without savepoints.
    /// </summary>
    private async Task<Ran> RunOnceAsync(Batch batch, LaneConnection lane, bool flushEach, bool fromMemory)
    {
        Exception? failure = null;
        SqlFileSession? session = null;
        var undo = false;
        try
        {
            // Every piece's first reads in one round trip, not one each in turn (BatchWalks): on PostgreSQL the round trip
            // that takes the trees, else the next.
            var walks = batch.Pieces.Where(p => p.WalkKeys is not null).Select(p => (p.Lane, p.WalkKeys!)).ToList();
            session = await OpenHoldingTreesAsync(batch, walks, lane, fromMemory);
            if (!session.PrefetchedWalks && walks.Count > 1)
            {
                await session.PrefetchWalksAsync(walks, CancellationToken.None);
            }

            var savepoints = flushEach || !session.RunsPiecesWithoutSavepoints;
            foreach (var pending in batch.Pieces)
            {
                if (!await pending.RunAsync(session, flushEach, savepoints))
                {
                    undo = true;
                    break;
                }
            }

            if (!undo)
            {
                await session.CommitGroupAsync(CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        if (undo || (failure is not null && !flushEach && session is { LostEarlierWrites: true, CommitSent: false }))
        {
            await session!.DisposeAsync();   // rolls back
            if (session.StaleMemory)
            {
                // The guard's refusal is an error PostgreSQL answered: the connection is fine (a broken one is not Open,
                // and the lane opens another).
                return Ran.StaleMemory;
            }

            if (failure is not null)
            {
                await lane.DropAsync();
            }

            return Ran.Again;
        }

        // Outcomes first: once COMMIT returned, nothing may turn the batch into a failure, or callers would delete
        // blobs that committed metadata references.
        foreach (var pending in batch.Pieces)
        {
            if (failure is null)
            {
                pending.Complete();
            }
            else
            {
                pending.Fail(failure);
            }
        }

        if (session is not null)
        {
            // Rolls back when the batch failed; the connection stays the loop's.
            await session.DisposeAsync();
        }

        if (failure is not null)
        {
            // Whatever the failure left the connection in, the next batch starts on a fresh one.
            await lane.DropAsync();
        }

        return Ran.Done;
    }

    /// <summary>
    /// A session holding the batch's first tree and, of its others, those free now; the work of the rest goes back to
    /// wait for the next batch. Not a caller's token: the transaction serves several callers, and each one's work checks
    /// its own.
    /// </summary>
    private async Task<SqlFileSession> OpenHoldingTreesAsync(
        Batch batch, IReadOnlyList<(string Tree, IReadOnlyList<string> NameKeys)> walks, LaneConnection lane, bool fromMemory)
    {
        var session = await openWrite(lane, CancellationToken.None);
        try
        {
            var held = await session.TryHoldTreesAsync([.. batch.Trees], walks, fromMemory, CancellationToken.None);
            if (held.Contains(batch.Lead))
            {
                Requeue(batch, [.. batch.Trees.Except(held, StringComparer.Ordinal)]);
                return session;
            }

            // Another node, or a write of this one outside any batch, holds the first tree. The batch waits for it holding
            // nothing (rolled back if it took others, so they are free again) and not counted, so other batches form
            // meanwhile and take its other trees' work.
            if (held.Count > 0)
            {
                await session.DisposeAsync();
            }

            Requeue(batch, [.. batch.Trees.Where(t => t != batch.Lead)]);
            Uncount();
            try
            {
                if (held.Count > 0)
                {
                    session = await openWrite(lane, CancellationToken.None);
                }

                await session.HoldTreeAsync(batch.Lead, CancellationToken.None);
            }
            finally
            {
                lock (_lock)
                {
                    _loops++;
                }
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private void Uncount()
    {
        bool start;
        lock (_lock)
        {
            _loops--;
            start = TryStartLoop();
        }

        if (start)
        {
            StartLoop();
        }
    }

    // The work of trees the batch could not take goes back to the front of their queues, as if never taken.
    private void Requeue(Batch batch, IReadOnlyList<string> trees)
    {
        if (trees.Count == 0)
        {
            return;
        }

        bool start;
        lock (_lock)
        {
            foreach (var tree in trees)
            {
                var pieces = batch.Pieces.Where(p => p.Lane == tree).ToList();
                batch.Pieces.RemoveAll(p => p.Lane == tree);
                batch.Trees.Remove(tree);
                _running.Remove(tree);
                foreach (var pending in pieces)
                {
                    pending.Reset();
                }

                if (_waiting.TryGetValue(tree, out var queue))
                {
                    _waiting[tree] = new Queue<Pending>(pieces.Concat(queue));
                }
                else
                {
                    _waiting.Add(tree, new Queue<Pending>(pieces));
                    _order.Insert(0, tree);
                }
            }

            start = TryStartLoop();
        }

        if (start)
        {
            StartLoop();
        }
    }

    private sealed class Batch(string lead)
    {
        /// <summary>The tree waiting longest: the batch waits for its lock if it must, and for no other.</summary>
        public string Lead => lead;

        public List<string> Trees { get; } = [];

        public List<Pending> Pieces { get; } = [];
    }

    private abstract class Pending
    {
        public required string Lane { get; init; }

        public IReadOnlyList<string>? WalkKeys { get; init; }

        /// <summary>
        /// Runs the work; false when it failed after writing without a savepoint (<paramref name="savepoint"/> off), so
        /// only running the batch again can undo it.
        /// </summary>
        public abstract Task<bool> RunAsync(SqlFileSession session, bool flushEach, bool savepoint);

        /// <summary>Forgets the outcome of a run whose transaction was rolled back, before the batch runs again.</summary>
        public abstract void Reset();

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Pending<T>(
        Func<IFileSession, CancellationToken, Task<Result<T>>> work, Func<Task<Result<T>>> alone, CancellationToken cancellationToken)
        : Pending
    {
        // Asynchronous continuations: completing a caller must not run its request on the drain loop.
        private readonly TaskCompletionSource<Result<T>> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Result<T> _result;
        private Exception? _exception;
        private bool _deferred;

        public Task<Result<T>> Task => _outcome.Task;

        public override void Reset()
        {
            _result = default;
            _exception = null;
            _deferred = false;
        }

        public override async Task<bool> RunAsync(SqlFileSession session, bool flushEach, bool savepoint)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _exception = new OperationCanceledException(cancellationToken);
                return true;
            }

            if (!savepoint)
            {
                return await RunWithoutSavepointAsync(session);
            }

            await session.SavepointAsync(Savepoint);
            try
            {
                _result = await work(session, cancellationToken);
                if (_result.IsSuccess && flushEach)
                {
                    // Its held-back writes go now, so a failing one fails this work, not the next or the commit.
                    await session.FlushAsync(CancellationToken.None);
                }
            }
            catch (TreeBusyException)
            {
                _deferred = true;
            }
            catch (Exception e) when (!session.LostEarlierWrites)
            {
                _exception = e;
            }

            if (_deferred || _exception is not null || !_result.IsSuccess)
            {
                // A rollback that fails escapes to RunBatchAsync, which fails the whole batch (nothing commits).
                await session.RollbackToSavepointAsync(Savepoint);
            }

            await session.ReleaseSavepointAsync(Savepoint);
            return true;
        }

        private async Task<bool> RunWithoutSavepointAsync(SqlFileSession session)
        {
            session.BeginPiece();
            try
            {
                _result = await work(session, cancellationToken);
            }
            catch (TreeBusyException)
            {
                _deferred = true;
            }
            catch (Exception e) when (!session.LostEarlierWrites)
            {
                // Whether a statement failed (which aborts the whole transaction) or .NET code threw, the batch cannot
                // tell: it runs again, where a savepoint contains either.
                _exception = e;
                return false;
            }

            if (!_deferred && _result.IsSuccess)
            {
                session.EndPiece();
                return true;
            }

            if (session.PieceWrote)
            {
                return false;
            }

            session.ForgetPiece();   // refused before its first write: only what the session noted in memory
            return true;
        }

        public override void Complete()
        {
            if (_deferred)
            {
                // Off the drain loop: the work now waits for the busy tree, which the next batch must not.
                _ = System.Threading.Tasks.Task.Run(async () =>
                {
                    using var watch = ConnectionUse.Fork();   // its own connection, not the batch's (still held a moment)
                    try
                    {
                        _outcome.TrySetResult(await alone());
                    }
                    catch (Exception e)
                    {
                        _outcome.TrySetException(e);
                    }
                }, CancellationToken.None);
            }
            else if (_exception is not null)
            {
                _outcome.TrySetException(_exception);
            }
            else
            {
                _outcome.TrySetResult(_result);
            }
        }

        public override void Fail(Exception exception) => _outcome.TrySetException(exception);
    }
}
