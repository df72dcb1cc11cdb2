using Depot.Core.Data;
using Depot.Core.Files;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Depot.Core.Cluster;

/// <summary>
/// The signal between nodes on one PostgreSQL database: <c>pg_notify</c> on <see cref="Channel"/> to publish, and one
/// dedicated connection per node (outside the pool, application name <see cref="ApplicationName"/>) that LISTENs.
/// <see cref="RunAsync"/> keeps that connection: when it fails (PostgreSQL restarts, the backend is terminated, a ping
/// goes unanswered) <see cref="ClusterSignal.Listening"/> turns false at once, so caches stop trusting entries; it
/// reconnects with back-off, LISTENs, tells every cache to forget everything (evictions may have been missed meanwhile),
/// and only then turns <see cref="ClusterSignal.Listening"/> true again.
/// </summary>
public sealed class PostgresClusterSignal(PostgresDatabase database, TimeProvider clock, ILogger<PostgresClusterSignal> logger)
    : ClusterSignal
{
    public const string Channel = "depot_evict";

    /// <summary>Change-feed notices (<see cref="ChangeNotice"/>), sent after the writes that record changes commit (<see cref="AnnounceChanges"/>).</summary>
    public const string ChangesChannel = "depot_changes";
    public const string ApplicationName = "depot-cluster-signal";

    // A silent network loss shows only when something is sent: a ping after this long without a notification bounds
    // how long a dead connection goes unnoticed (a trivial query every two seconds per node).
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(2);

    // Reconnect at once-ish after a restart, but do not hammer a PostgreSQL that is down: 100 ms doubling to 5 s.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    // The connection looks for ownership work this often: a tree a reader wants is taken within it (not urgent: its
    // walks go to the database meanwhile), idle trees are let go; a writer's request to let go wakes it at once.
    private static readonly TimeSpan OwnershipTurn = TimeSpan.FromMilliseconds(100);

    private readonly PostgresNotifier _notifier = new(database, logger);
    private volatile bool _listening;

    /// <summary>The trees this node owns, whose locks live on the listening connection.</summary>
    public TreeOwnership Ownership { get; } = new(clock);

    public override bool Listening => _listening;

    public override async Task PublishAsync(CacheEviction eviction, CancellationToken cancellationToken)
    {
        try
        {
            await _notifier.SendAsync(Channel, eviction.ToPayload()).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The change is committed: answering 500 would tell the client it failed. A PostgreSQL that cannot take the
            // NOTIFY has also broken the other nodes' listeners, which empty their caches when they reconnect; what is
            // left is a lone failed connection, bounded by the caches' own lifetime (30 s).
            ClusterLog.PublishFailed(logger, eviction.ToPayload(), e.Message);
        }
    }

    /// <summary>
    /// Sent after the write's commit (<see cref="PostgresNotifier"/> says why not in it) to every node's listening
    /// connection, this node's included, which delivers it to the waiting long polls.
    /// </summary>
    public override void AnnounceChanges(IEnumerable<ChangeNotice> notices)
    {
        foreach (var notice in notices)
        {
            _notifier.Post(ChangesChannel, notice.ToPayload());
        }
    }

    /// <summary>Listens until <paramref name="stoppingToken"/> fires, reconnecting whenever the connection fails.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => retry = FirstRetry, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever broke the connection (a restart, a terminated backend, a lost network), the answer is the same.
                _listening = false;
                ClusterLog.Lost(logger, e.Message, retry);
            }

            try
            {
                await Task.Delay(retry, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // Its own physical connection: a pooled one would be reset (UNLISTEN) and handed to a request.
            Pooling = false,
            ApplicationName = ApplicationName,
            Timeout = 5,
            CommandTimeout = 5,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == PostgresDatabase.OwnershipReleaseChannel)
            {
                Ownership.ReleaseRequested(e.Payload);
            }
            else if (e.Channel == ChangesChannel)
            {
                if (ChangeNotice.Parse(e.Payload) is { } notice)
                {
                    DeliverChange(notice);
                }
            }
            else if (CacheEviction.Parse(e.Payload) is { } eviction)
            {
                Deliver(eviction);
            }
            else
            {
                ClusterLog.UnknownPayload(logger, e.Channel);
            }
        };
        await connection.OpenAsync(stoppingToken);
        // The owned trees' locks live as long as this session does. Should this node drop off the network, PostgreSQL
        // would keep the session, and writers to those trees waiting, until TCP gives up (hours by the system's defaults):
        // keepalives bound that to about 25 s. The node itself stops serving them at its first failed ping.
        await using (var listen = new NpgsqlCommand(
                         "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; " +
                         $"LISTEN {Channel}; LISTEN {ChangesChannel}; LISTEN {PostgresDatabase.OwnershipReleaseChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Listening from here on; whatever was published before may have been missed, so the caches start empty.
        DeliverForgetAll();
        _listening = true;
        Ownership.Started();
        connected();
        ClusterLog.Listening(logger, Channel);

        await using var ping = new NpgsqlCommand("SELECT 1", connection);
        var quiet = TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Ownership.RunAsync(connection, stoppingToken);
                if (Ownership.HasWork)
                {
                    continue;
                }

                if (await connection.WaitAsync(OwnershipTurn, stoppingToken))
                {
                    quiet = TimeSpan.Zero;
                }
                else if ((quiet += OwnershipTurn) >= PingInterval)
                {
                    await ping.ExecuteScalarAsync(stoppingToken);
                    quiet = TimeSpan.Zero;
                }
            }
        }
        catch
        {
            // The owned trees' locks go with this connection: stop serving them before anything else.
            _listening = false;
            Ownership.Lost();
            throw;
        }
    }
}
