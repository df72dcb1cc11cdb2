using Depot.Core.Cluster;
using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>The file metadata store over <see cref="IDatabase"/>: portable SQL, so SQLite and PostgreSQL share it.</summary>
public sealed class SqlFileStore : IFileStore
{
    // A deadlock's victim (two writers entering two trees in opposite orders) is rolled back whole; the work runs again
    // from the start. Three tries: a real deadlock needs both writers to cross into each other's shares at once.
    private const int TransientTries = 3;

    // Group commit batches at once on PostgreSQL (GroupCommit says how several trees share one). Fewer means larger
    // batches: with 8 users uploading at once over 16 connections on the bench machine, one batch a tree made batches of
    // 1.1 uploads and PostgreSQL spent 1,010-1,320 us an upload; 4 at once, 2.1 and 710-990 us; 2 at once, 4.0 and
    // 575-810 us, and 1.3-1.5x the uploads a second of one batch a tree (1.5-1.7x with a 1 ms WAL flush; bench/README.md,
    // "Several users' uploads share a batch"). Batches grow with the load, so two do not bound throughput; and one
    // waiting for a busy tree does not count.
    internal const int BatchesInFlight = 2;

    private readonly IDatabase _database;
    private readonly TimeProvider _clock;
    private readonly GroupCommit _group;
    private readonly ClusterSignal? _signal;
    private readonly WalkBatcher? _walks;
    private readonly TreeOwnership? _ownership;
    private readonly KnownFolders? _knownFolders;

    public SqlFileStore(IDatabase database, TimeProvider clock)
        : this(database, clock, null)
    {
    }

    /// <summary>With <paramref name="signal"/>, readers of the change feed on this node hear of each commit (see <see cref="Changes.ChangeRecorder"/>).</summary>
    public SqlFileStore(IDatabase database, TimeProvider clock, ClusterSignal? signal)
    {
        _database = database;
        _clock = clock;
        _signal = signal;
        // 64 small uploads take a few ms on SQLite; on PostgreSQL, where each statement is a round trip, 32 keep a batch
        // near that and under the 64 writing savepoints a backend caches.
        _group = new GroupCommit(database, OpenBatchAsync, database.SingleWriter ? 64 : 32, database.SingleWriter ? 1 : BatchesInFlight);
        // In-process SQLite answers a walk in microseconds: nothing to share.
        _walks = database is PostgresDatabase ? new WalkBatcher(database) : null;
        _ownership = (signal as PostgresClusterSignal)?.Ownership;
        // Where a batch's reads cost a round trip under the tree's lock: PostgreSQL.
        _knownFolders = database is PostgresDatabase ? new KnownFolders(clock) : null;
    }

    // Opened at its first statement; on PostgreSQL a path walk from the root that comes first goes in a shared batch.
    public Task<IFileSession> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IFileSession>(new SqlFileSession(null, null, _database, _clock, walks: _walks, ownership: _ownership));

    // No scope yet: a path walk locks the tree it ends in, where the write happens (FileTree.LockedWalkAsync).
    public async Task<IFileSession> WriteAsync(CancellationToken cancellationToken) => await OpenWriteAsync(grouped: false, cancellationToken);

    /// <summary>
    /// Group commit: on SQLite all work in one lane (one writer); on PostgreSQL a lane per tree, so uploads into one
    /// tree share its lock and one commit while other trees commit side by side (<see cref="GroupCommit"/>).
    /// </summary>
    public Task<Result<T>> WriteGroupedAsync<T>(
        string treeOwnerId, Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken,
        IReadOnlyList<string>? walkKeys = null) =>
        _group.RunAsync(_database.SingleWriter ? "" : treeOwnerId, work, () => WriteAloneAsync(work, cancellationToken), cancellationToken, walkKeys);

    private async Task<Result<T>> WriteAloneAsync<T>(
        Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A grouped session, so the work is held to the same rule as in a group: it must not commit itself.
                await using var session = await OpenWriteAsync(grouped: true, cancellationToken);
                var result = await work(session, cancellationToken);
                if (result.IsSuccess)
                {
                    await session.CommitGroupAsync(cancellationToken);
                }

                return result;
            }
            catch (Exception e) when (attempt < TransientTries && DatabaseFaults.IsTransient(e))
            {
                FilesMetrics.WriteRetries.Add(1);
            }
        }
    }

    // On the loop's kept connection, which the session leaves open when it ends.
    private async Task<SqlFileSession> OpenBatchAsync(LaneConnection lane, CancellationToken cancellationToken)
    {
        var connection = await lane.OpenAsync(cancellationToken);
        try
        {
            return new SqlFileSession(
                connection, await _database.BeginWriteAsync(connection, [], cancellationToken), _database, _clock, grouped: true,
                batch: !_database.SingleWriter, _signal, ownership: _ownership, ownsConnection: false, knownFolders: _knownFolders);
        }
        catch
        {
            await lane.DropAsync();
            throw;
        }
    }

    private async Task<SqlFileSession> OpenWriteAsync(bool grouped, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            return new SqlFileSession(
                connection, await _database.BeginWriteAsync(connection, [], cancellationToken), _database, _clock, grouped, signal: _signal,
                ownership: _ownership);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
