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
/// Each piece of work runs in its own SAVEPOINT, in arrival order, so it sees the work before it as committed data
/// would show it (an If-Match still has exactly one winner), and a failure (a failed result or an exception) rolls
/// back only its own changes. Every caller gets its outcome only after the shared COMMIT returned: nothing is
/// acknowledged before it is durable. If the COMMIT fails, every caller in the batch gets the exception.
/// </para>
/// </summary>
internal sealed class GroupCommit(Func<CancellationToken, Task<SqlFileSession>> openWrite)
{
    // Bounds one transaction's length (and so the wait of the batch behind it); 64 small uploads take a few ms.
    private const int MaxBatch = 64;
    private const string Savepoint = "grouped";

    private readonly Lock _lock = new();
    private readonly Queue<Pending> _queue = new();
    private bool _draining;

    public Task<Result<T>> RunAsync<T>(Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        var pending = new Pending<T>(work, cancellationToken);
        bool start;
        lock (_lock)
        {
            _queue.Enqueue(pending);
            start = !_draining;
            _draining = true;
        }

        if (start)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return pending.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<Pending>();
            lock (_lock)
            {
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _draining = false;
                    return;
                }
            }

            FilesMetrics.GroupCommitBatchSize.Record(batch.Count);
            try
            {
                await RunBatchAsync(batch);
            }
            catch (Exception e)
            {
                // Only disposing the session can get here, after every caller has its outcome. The loop must go on:
                // a dead loop would leave every later upload waiting for ever.
                foreach (var pending in batch)
                {
                    pending.Fail(e);
                }
            }
        }
    }

    private async Task RunBatchAsync(List<Pending> batch)
    {
        Exception? failure = null;
        SqlFileSession? session = null;
        try
        {
            // Not a caller's token: the transaction serves several callers, and each one's work checks its own.
            session = await openWrite(CancellationToken.None);
            foreach (var pending in batch)
            {
                await pending.RunAsync(session);
            }

            await session.CommitGroupAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            failure = e;
        }

        // Outcomes first: once COMMIT returned, nothing may turn the batch into a failure, or callers would delete
        // blobs that committed metadata references.
        foreach (var pending in batch)
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
            // Rolls back when the batch failed; returns the connection to the pool.
            await session.DisposeAsync();
        }
    }

    private abstract class Pending
    {
        public abstract Task RunAsync(SqlFileSession session);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Pending<T>(Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
        : Pending
    {
        // Asynchronous continuations: completing a caller must not run its request on the drain loop.
        private readonly TaskCompletionSource<Result<T>> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Result<T> _result;
        private Exception? _exception;

        public Task<Result<T>> Task => _outcome.Task;

        public override async Task RunAsync(SqlFileSession session)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _exception = new OperationCanceledException(cancellationToken);
                return;
            }

            await session.SavepointAsync(Savepoint);
            try
            {
                _result = await work(session, cancellationToken);
            }
            catch (Exception e)
            {
                _exception = e;
            }

            if (_exception is not null || !_result.IsSuccess)
            {
                // A rollback that fails escapes to RunBatchAsync, which fails the whole batch (nothing commits).
                await session.RollbackToSavepointAsync(Savepoint);
            }

            await session.ReleaseSavepointAsync(Savepoint);
        }

        public override void Complete()
        {
            if (_exception is not null)
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
