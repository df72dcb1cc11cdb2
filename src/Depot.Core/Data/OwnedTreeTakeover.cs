using System.Diagnostics;
using Depot.Core.Cluster;
using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// How a writer gets the ownership locks of trees whose owners it has asked to let go (Files/TreeOwnership): it tries
/// them again and again, a few milliseconds apart, as an owner lets go within a round trip or two. An owner that does not
/// within <see cref="OwnerGrace"/> is stuck (a paused process, a frozen machine whose connection stays up) and its
/// listening session is terminated, which releases its locks. An owner stops serving from memory
/// <see cref="Files.TreeOwnership.ValidFor"/> after the start of its last round trip, well within the grace, so whatever it
/// still answers when it wakes up was read before this writer could commit.
/// </summary>
internal static class OwnedTreeTakeover
{
    /// <summary>How long a writer waits for an owner to let go before it ends the owner's session.</summary>
    public static readonly TimeSpan OwnerGrace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstTry = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxTry = TimeSpan.FromMilliseconds(16);

    public static async Task WaitAsync(NpgsqlTransaction transaction, IReadOnlyList<long> ownershipKeys, CancellationToken cancellationToken)
    {
        var left = ownershipKeys.ToArray();
        var waited = Stopwatch.StartNew();
        var delay = FirstTry;
        var ended = false;
        while (true)
        {
            await Task.Delay(delay, cancellationToken);
            left = await TryAsync(transaction, left, cancellationToken);
            if (left.Length == 0)
            {
                return;
            }

            if (!ended && waited.Elapsed >= OwnerGrace)
            {
                await EndOwnersAsync(transaction, left, cancellationToken);
                ended = true;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxTry.Ticks));
        }
    }

    // The keys still held by someone else.
    private static async Task<long[]> TryAsync(NpgsqlTransaction transaction, long[] keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT k FROM unnest(@keys) AS k WHERE NOT pg_try_advisory_xact_lock(k)", transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("keys", keys));
        var left = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            left.Add(reader.GetInt64(0));
        }

        return [.. left];
    }

    // A bigint advisory key shows in pg_locks as its high half in classid and its low half in objid, objsubid 1. Only a
    // node's listening session is ended: those are the only sessions that own trees.
    private static async Task EndOwnersAsync(NpgsqlTransaction transaction, long[] keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pg_terminate_backend(a.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = " +
            "(SELECT oid FROM pg_database WHERE datname = current_database()) " +
            "AND ((l.classid::bigint << 32) | l.objid::bigint) = ANY(@keys) AND a.application_name = @name",
            transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("keys", keys));
        command.Parameters.Add(new NpgsqlParameter<string>("name", PostgresClusterSignal.ApplicationName));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
