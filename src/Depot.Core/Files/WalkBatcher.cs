using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>
/// Path walks from a user's root (<see cref="IFileSession.ResolveFromRootAsync"/>) of read sessions that hold no
/// connection yet, sent to PostgreSQL several to a round trip: a download, a stat or the first step of a listing. On a
/// machine where PostgreSQL shares the cores, half of what one walk costs it is waking the backend that answers
/// (bench/README.md, "Issue 10: one update per batch"); a batch wakes one backend once for all of its walks, and walks
/// of the same path by the same user (many clients fetching one file) share one statement.
/// <para>
/// Exact, not a cache: a walk joins only a batch that has not been sent, so its answer was read after it was asked,
/// and a write acknowledged before that is seen. A walk starts at once while fewer than <see cref="MaxInFlight"/>
/// batches are out (an idle server adds no wait); otherwise it waits for the next batch, which leaves as soon as one
/// comes back. Like a group commit, a walker must hold no connection while it waits (<see cref="ConnectionUse"/>).
/// </para>
/// </summary>
internal sealed class WalkBatcher(IDatabase database)
{
    // Four batches out at once keep both of PostgreSQL's cores busy here with a batch being read and one being built;
    // more would only split the walks into smaller batches that wake more backends for the same work.
    internal const int MaxInFlight = 4;

    // The statements one batch carries: a request's walk waits for at most this many before it.
    private const int MaxBatch = 64;

    private readonly Lock _gate = new();
    private readonly Queue<Pending> _queued = new();
    private int _inFlight;

    public async Task<IReadOnlyList<(Node Node, FileVersion? Current)>?> ResolveAsync(
        string userId, IReadOnlyList<string> nameKeys, bool withContent, CancellationToken cancellationToken)
    {
        ConnectionUse.EnsureNoneHeld("a batch of path walks");
        var pending = new Pending(userId, nameKeys, withContent);
        List<Pending>? batch = null;
        lock (_gate)
        {
            _queued.Enqueue(pending);
            if (_inFlight < MaxInFlight)
            {
                _inFlight++;
                batch = TakeLocked();
            }
        }

        if (batch is not null)
        {
            // Sent from this request's flow: at low load a walk costs what it did without batching. What queued
            // meanwhile goes on from a flow of its own, so this request answers as soon as its own batch is back.
            await SendAsync(batch);
            if (Next() is { } next)
            {
                _ = Task.Run(() => DrainAsync(next), CancellationToken.None);
            }
        }

        return await pending.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync(List<Pending> batch)
    {
        using var watch = ConnectionUse.Fork();   // the batch's connection is its own, not the request's that started it
        for (List<Pending>? next = batch; next is not null; next = Next())
        {
            await SendAsync(next);
        }
    }

    // The next batch, keeping this flow's place among those in flight; or none, giving the place up.
    private List<Pending>? Next()
    {
        lock (_gate)
        {
            if (_queued.Count == 0)
            {
                _inFlight--;
                return null;
            }

            return TakeLocked();
        }
    }

    private List<Pending> TakeLocked()
    {
        var batch = new List<Pending>(Math.Min(_queued.Count, MaxBatch));
        while (batch.Count < MaxBatch && _queued.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        return batch;
    }

    // Never throws: every walk of the batch gets the answer or the failure. Not cancelled by any one walker, whose
    // batch-mates still wait for it; Npgsql's command timeout bounds it.
    private async Task SendAsync(List<Pending> batch)
    {
        FilesMetrics.WalkBatchSize.Record(batch.Count);
        try
        {
            var statements = new List<Pending>(batch.Count);
            var statementOf = new int[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                statementOf[i] = statements.FindIndex(batch[i].SameWalk);
                if (statementOf[i] < 0)
                {
                    statementOf[i] = statements.Count;
                    statements.Add(batch[i]);
                }
            }

            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var command = connection.CreateBatch();
            foreach (var walk in statements)
            {
                var sql = walk.WithContent ? WalkSql.FromRootWithContent(walk.NameKeys.Count, postgres: true) : WalkSql.FromRoot(walk.NameKeys.Count, postgres: true);
                command.BatchCommands.Add(WalkSql.BatchCommand(command, sql, "@userId", walk.UserId, walk.NameKeys));
            }

            var answers = new IReadOnlyList<(Node, FileVersion?)>?[statements.Count];
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                for (var i = 0; i < statements.Count; i++)
                {
                    if (i > 0)
                    {
                        await reader.NextResultAsync(CancellationToken.None);
                    }

                    answers[i] = await WalkSql.ReadFromRootAsync(reader, statements[i].NameKeys.Count, statements[i].WithContent, CancellationToken.None);
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer(answers[statementOf[i]]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Fail(e);
            }
        }
    }

    private sealed class Pending(string userId, IReadOnlyList<string> nameKeys, bool withContent)
    {
        // Continuations run off the batch's flow: the next waiter's answer and the next batch must not wait for a response.
        private readonly TaskCompletionSource<IReadOnlyList<(Node, FileVersion?)>?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string UserId => userId;

        public IReadOnlyList<string> NameKeys => nameKeys;

        public bool WithContent => withContent;

        public Task<IReadOnlyList<(Node, FileVersion?)>?> Task => _answer.Task;

        public bool SameWalk(Pending other) =>
            other.UserId == userId && other.WithContent == withContent && other.NameKeys.SequenceEqual(nameKeys, StringComparer.Ordinal);

        public void Answer(IReadOnlyList<(Node, FileVersion?)>? rows) => _answer.TrySetResult(rows);

        public void Fail(Exception e) => _answer.TrySetException(e);
    }
}
