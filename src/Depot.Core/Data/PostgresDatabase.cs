using System.Data;
using System.Data.Common;
using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// The shared metadata store for several nodes: PostgreSQL over an <see cref="NpgsqlDataSource"/> (Npgsql's pool). The
/// schema is the same as SQLite's (ids TEXT, instants BIGINT Unix ms, booleans INTEGER 0/1), so the stores run the same
/// SQL on both.
/// <para>
/// The write contract (<see cref="IDatabase.BeginWriteAsync"/>): a write transaction runs at READ COMMITTED and takes one
/// transaction-scoped advisory lock per <see cref="WriteScope"/> (a user's tree, account names, group names) before it
/// reads that scope, so a read-then-write (name uniqueness, quota, <c>If-Match</c>, lock conflicts) sees nothing change
/// under it, as under SQLite's <c>BEGIN IMMEDIATE</c>, while writers to different trees run side by side on every node.
/// Why advisory locks rather than SERIALIZABLE with retries: concurrent uploads into one folder all read and insert the
/// same index range, so SSI would abort most of them and retry storms would replace queueing; a lock per tree queues
/// them in order and aborts nothing. Single-statement writes outside a write transaction (upload leases, lock refresh,
/// download counts) take no scope: each is atomic on its own (PostgreSQL re-checks an UPDATE's WHERE on the row it
/// updates).
/// </para>
/// </summary>
public sealed class PostgresDatabase : IDatabase, IDisposable
{
    // Arbitrary, fixed keys in pg_advisory_lock's one bigint space; advisory locks are per database, so two Depot
    // installations in one PostgreSQL server never meet.
    private const long MigrationLockKey = 0x4465706f74_02; // "Depot" 2

    /// <summary>Where a writer asks the node that owns a tree to let go of it; the payload is the tree's <see cref="WriteScope.OwnershipKey"/>.</summary>
    public const string OwnershipReleaseChannel = "depot_tree_release";

    private readonly NpgsqlDataSource _dataSource;
    private readonly OwnershipReleaseRequests _releaseRequests;

    public PostgresDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _dataSource = PostgresDataSource.Build(connectionString);
        _releaseRequests = new OwnershipReleaseRequests(connectionString);
    }

    // Holds the password, if any: for opening the same database again (tests, the migrate-metadata command), never logs.
    internal string ConnectionString { get; }

    // to_regclass follows the search_path, so a database (or schema) of its own per installation answers for itself.
    public string TableExistsSql => "SELECT to_regclass(@table) IS NOT NULL";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        ConnectionUse.Opened(connection);
        return connection;
    }

    public bool SingleWriter => false;

    public async Task<DbTransaction> BeginWriteAsync(
        DbConnection connection, IReadOnlyCollection<WriteScope> scopes, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            // One order for every transaction that takes several scopes at once, so those never deadlock each other.
            foreach (var scope in scopes.Distinct().OrderBy(s => s.Key))
            {
                await LockAsync(transaction, scope, cancellationToken);
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    // A tree's lock, then its ownership lock without waiting (WriteScope.OwnershipKey): one round trip when no node
    // serves the tree from memory, the usual case. The CTE is read before the outer row is built, so the second lock is
    // only tried once the first is held.
    public async Task LockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken)
    {
        if (!scope.IsTree)
        {
            await RunLockAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", scope, cancellationToken);
        }
        else if (!(bool)(await RunLockAsync(transaction,
                     "WITH tree AS MATERIALIZED (SELECT pg_advisory_xact_lock(@key)) SELECT pg_try_advisory_xact_lock(@owner) FROM tree",
                     scope, cancellationToken))!)
        {
            await TakeOwnedTreesAsync(transaction, [scope.OwnershipKey], cancellationToken);
        }
    }

    /// <summary>
    /// A tree's lock for a write on the node that owns the tree and keeps it (an own write,
    /// <see cref="Files.TreeOwnership.BeginOwnWrite"/>): then this node's key for it, <paramref name="nodeKey"/>, found held
    /// instead of the ownership key taken. False when it is not held (the node let go meanwhile): the ownership key is then
    /// taken as <see cref="LockAsync"/> takes it.
    /// </summary>
    internal async Task<bool> LockOwnedAsync(DbTransaction transaction, WriteScope scope, long nodeKey, CancellationToken cancellationToken)
    {
        if ((bool)(await RunLockAsync(transaction,
                "WITH tree AS MATERIALIZED (SELECT pg_advisory_xact_lock(@key)) SELECT NOT pg_try_advisory_xact_lock(@node) FROM tree",
                scope, cancellationToken, nodeKey))!)
        {
            return true;
        }

        await TakeOwnedTreesAsync(transaction, [scope.OwnershipKey], cancellationToken);
        return false;
    }

    public async Task<bool> TryLockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken)
    {
        if (!scope.IsTree)
        {
            return (bool)(await RunLockAsync(transaction, "SELECT pg_try_advisory_xact_lock(@key)", scope, cancellationToken))!;
        }

        switch (await RunLockAsync(transaction,
                    "SELECT CASE WHEN pg_try_advisory_xact_lock(@key) THEN pg_try_advisory_xact_lock(@owner) END", scope, cancellationToken))
        {
            case true:
                return true;
            case false:
                await TakeOwnedTreesAsync(transaction, [scope.OwnershipKey], cancellationToken);
                return true;
            default:
                return false;
        }
    }

    // Each key's lock tried once; the scopes returned are those taken. A tree taken whose ownership lock a node holds
    // waits for that node to let go (TakeOwnedTreesAsync): an owner never waits for anything, so this wait cannot be part
    // of a deadlock.
    public async Task<IReadOnlySet<WriteScope>> TryLockEachAsync(
        DbTransaction transaction, IReadOnlyList<WriteScope> scopes, CancellationToken cancellationToken)
    {
        var (sql, parameters) = TryLockEachStatement(scopes);
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        TriedLocks tried;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            tried = await ReadTriedLocksAsync(reader, scopes, cancellationToken);
        }

        return await FinishTryLockEachAsync(transaction, tried, cancellationToken);
    }

    /// <summary>
    /// <see cref="TryLockEachAsync"/>'s statement, for a caller that sends more statements after it in the same round trip
    /// (they run once the locks are tried, so what they read in a tree taken stays true): read its rows with
    /// <see cref="ReadTriedLocksAsync"/>, then, once the reader is done, call <see cref="FinishTryLockEachAsync"/>.
    /// <paramref name="nodeKeys"/>: for a tree this node owns and writes without letting go (an own write,
    /// <see cref="Files.TreeOwnership.BeginOwnWrite"/>), its node key, checked held instead of the ownership key taken;
    /// a tree whose node key is not held counts as owned by another node, and its ownership key is taken as usual.
    /// </summary>
    internal static (string Sql, IReadOnlyDictionary<string, object?> Parameters) TryLockEachStatement(
        IReadOnlyList<WriteScope> scopes, IReadOnlyDictionary<WriteScope, long>? nodeKeys = null)
    {
        var distinct = scopes.Distinct().ToList();
        long? NodeKey(WriteScope scope) => nodeKeys is not null && nodeKeys.TryGetValue(scope, out var key) ? key : null;
        return (
            "SELECT k, (o IS NULL OR pg_try_advisory_xact_lock(o)) AND (n IS NULL OR NOT pg_try_advisory_xact_lock(n)) FROM " +
            "(SELECT k, o, n FROM unnest(@keys, @owners, @nodes) AS u(k, o, n) WHERE pg_try_advisory_xact_lock(k) OFFSET 0) taken",
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["keys"] = distinct.Select(s => s.Key).ToArray(),
                ["owners"] = distinct.Select(s => s.IsTree && NodeKey(s) is null ? s.OwnershipKey : (long?)null).ToArray(),
                ["nodes"] = distinct.Select(NodeKey).ToArray(),
            });
    }

    /// <summary>The rows of <see cref="TryLockEachStatement"/>: the scopes taken, and the ownership keys of those a node owns.</summary>
    internal static async Task<TriedLocks> ReadTriedLocksAsync(DbDataReader reader, IReadOnlyList<WriteScope> scopes, CancellationToken cancellationToken)
    {
        var taken = new HashSet<long>();
        var owned = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetInt64(0);
            taken.Add(key);
            if (!reader.GetBoolean(1))
            {
                owned.Add(scopes.First(s => s.Key == key).OwnershipKey);
            }
        }

        return new TriedLocks(scopes.Where(s => taken.Contains(s.Key)).ToHashSet(), owned);
    }

    /// <summary>Waits, for the trees taken that a node owns, until that node let go of them; returns the scopes taken.</summary>
    internal async Task<IReadOnlySet<WriteScope>> FinishTryLockEachAsync(DbTransaction transaction, TriedLocks tried, CancellationToken cancellationToken)
    {
        if (tried.Owned.Count > 0)
        {
            await TakeOwnedTreesAsync(transaction, tried.Owned, cancellationToken);
        }

        return tried.Taken;
    }

    /// <summary>What <see cref="TryLockEachStatement"/> took; <paramref name="Owned"/>: ownership keys still to be let go of.</summary>
    internal sealed record TriedLocks(IReadOnlySet<WriteScope> Taken, IReadOnlyList<long> Owned);

    /// <summary>
    /// For a transaction that holds these trees' locks but not their ownership locks: asks every node to let go of
    /// them (<see cref="OwnershipReleaseChannel"/>; the owner forgets what it cached, then unlocks), and waits until they
    /// are this transaction's (<see cref="OwnedTreeTakeover"/>). No node can take ownership meanwhile, since that needs
    /// the tree's lock, held here.
    /// </summary>
    private async Task TakeOwnedTreesAsync(DbTransaction transaction, IReadOnlyList<long> ownershipKeys, CancellationToken cancellationToken)
    {
        await _releaseRequests.SendAsync(ownershipKeys, cancellationToken);
        await OwnedTreeTakeover.WaitAsync((NpgsqlTransaction)transaction, ownershipKeys, cancellationToken);
    }

    /// <summary>Asks the nodes that own these trees to let go of them, without waiting (a write that takes no tree lock).</summary>
    public Task RequestOwnershipReleaseAsync(IReadOnlyList<long> ownershipKeys, CancellationToken cancellationToken) =>
        ownershipKeys.Count == 0 ? Task.CompletedTask : _releaseRequests.SendAsync(ownershipKeys, cancellationToken);

    private static async Task<object?> RunLockAsync(
        DbTransaction transaction, string sql, WriteScope scope, CancellationToken cancellationToken, long? nodeKey = null)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add(new NpgsqlParameter<long>("key", scope.Key));
        if (sql.Contains("@owner", StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter<long>("owner", scope.OwnershipKey));
        }

        if (nodeKey is { } node)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("node", node));
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        return new MigrationLock(connection);
    }

    public void Dispose()
    {
        _releaseRequests.Dispose();
        _dataSource.Dispose();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // A session-level lock: released explicitly, and by PostgreSQL should the connection die first.
    private sealed class MigrationLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
    }
}
