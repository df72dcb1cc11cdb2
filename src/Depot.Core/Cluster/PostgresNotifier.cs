using Depot.Core.Data;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Depot.Core.Cluster;

/// <summary>
/// Sends this node's <c>NOTIFY</c>s (<see cref="PostgresClusterSignal"/>) outside the writes they announce, all that
/// are waiting in one short transaction that does not wait for its WAL flush.
/// <para>
/// Why not in the write transaction: PostgreSQL serialises the commits of every transaction that notified, cluster-wide.
/// Such a commit takes one global lock to queue its notifications and holds it until the transaction ends, through its
/// WAL flush, so commits that notify cannot share a flush the way other commits do. pgbench on this machine, an insert
/// a transaction (bench/README.md, "Issue 10: NOTIFY outside the write"): 14,190–16,580 commits a second from 8 or 32
/// clients without a NOTIFY, 5,700–7,400 with one. Every write that records a change notified, so writers to
/// different trees waited for each other's flushes.
/// </para>
/// <para>
/// What it costs: a notice is sent a moment after its write commits instead of at the commit. A node that dies in that
/// moment loses the notice; the other nodes' long polls then find the change when their wait ends (at most
/// <see cref="Changes.ChangeFeed.MaxWait"/>), since a wait always reads again before it answers. The sending
/// transaction commits with <c>synchronous_commit = off</c>: it writes nothing that needs to survive a crash, and so
/// holds the global lock only for the moment it takes to queue.
/// </para>
/// </summary>
internal sealed class PostgresNotifier(PostgresDatabase database, ILogger logger)
{
    private readonly Lock _gate = new();
    private List<Pending> _pending = [];
    private bool _sending;

    /// <summary>Sends <paramref name="payload"/> on <paramref name="channel"/>; completes once PostgreSQL has taken it.</summary>
    public Task SendAsync(string channel, string payload)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(channel, payload, sent));
        return sent.Task;
    }

    /// <summary>Sends <paramref name="payload"/> on <paramref name="channel"/> without waiting; a failure is logged.</summary>
    public void Post(string channel, string payload) => Enqueue(new Pending(channel, payload, null));

    private void Enqueue(Pending notice)
    {
        lock (_gate)
        {
            _pending.Add(notice);
            if (_sending)
            {
                return;   // the running loop takes it with its next transaction
            }

            _sending = true;
        }

        // Not in the flow of the request that happened to come first: the loop outlives it and holds its own connections.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(SendLoopAsync);
        }
    }

    // One transaction at a time: whatever arrives while one is out goes in the next, so a burst of writes costs a few
    // transactions rather than one each.
    private async Task SendLoopAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _sending = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                await SendBatchAsync(batch);
                foreach (var notice in batch)
                {
                    notice.Sent?.TrySetResult();
                }
            }
            catch (Exception e)
            {
                // Those sent with SendAsync are the caller's to report; the posted ones have nobody else.
                if (batch.Count(n => n.Sent is null) is > 0 and var posted)
                {
                    ClusterLog.NotifyFailed(logger, posted, e.Message);
                }

                foreach (var notice in batch)
                {
                    notice.Sent?.TrySetException(e);
                }
            }
        }
    }

    private async Task SendBatchAsync(List<Pending> batch)
    {
        // Distinct: PostgreSQL folds identical notifications of one transaction anyway; this keeps the arrays short.
        var distinct = batch.Select(n => (n.Channel, n.Payload)).Distinct().ToArray();
        await using var connection = (NpgsqlConnection)await database.OpenAsync(CancellationToken.None);
        // One round trip: the transaction's statements go as one batch. SET LOCAL needs the explicit transaction block.
        await using var send = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"),
                new NpgsqlBatchCommand("SELECT pg_notify(n.channel, n.payload) FROM unnest($1, $2) AS n(channel, payload)")
                {
                    Parameters =
                    {
                        new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = distinct.Select(n => n.Channel).ToArray() },
                        new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = distinct.Select(n => n.Payload).ToArray() },
                    },
                },
                new NpgsqlBatchCommand("COMMIT"),
            },
        };
        try
        {
            await send.ExecuteNonQueryAsync();
        }
        catch (Exception) when (connection.State == System.Data.ConnectionState.Open)
        {
            // A failure inside the block leaves it aborted: end it before the connection goes back to the pool.
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync();
            throw;
        }
    }

    private sealed record Pending(string Channel, string Payload, TaskCompletionSource? Sent);
}
