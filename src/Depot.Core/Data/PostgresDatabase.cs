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

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _dataSource = PostgresDataSource.Build(connectionString);
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

    public Task LockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) =>
        RunLockAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", scope, cancellationToken);

    public async Task<bool> TryLockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) =>
        (bool)(await RunLockAsync(transaction, "SELECT pg_try_advisory_xact_lock(@key)", scope, cancellationToken))!;

    // Each key's lock tried once; the keys returned are those taken.
    public async Task<IReadOnlySet<WriteScope>> TryLockEachAsync(
        DbTransaction transaction, IReadOnlyList<WriteScope> scopes, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT k FROM unnest(@keys) AS k WHERE pg_try_advisory_xact_lock(k)";
        var keys = command.CreateParameter();
        keys.ParameterName = "keys";
        keys.Value = scopes.Select(s => s.Key).Distinct().ToArray();
        command.Parameters.Add(keys);
        var taken = new HashSet<long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                taken.Add(reader.GetInt64(0));
            }
        }

        return scopes.Where(s => taken.Contains(s.Key)).ToHashSet();
    }

    private static async Task<object?> RunLockAsync(DbTransaction transaction, string sql, WriteScope scope, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var key = command.CreateParameter();
        key.ParameterName = "key";
        key.Value = scope.Key;
        command.Parameters.Add(key);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        return new MigrationLock(connection);
    }

    public void Dispose() => _dataSource.Dispose();

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
