using System.Data;
using System.Data.Common;
using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// The shared metadata store for several nodes: PostgreSQL over an <see cref="NpgsqlDataSource"/> (Npgsql's pool). The
/// schema is the same as SQLite's (ids TEXT, instants BIGINT Unix ms, booleans INTEGER 0/1), so the stores run the same
/// SQL on both.
/// <para>
/// The write contract today is SQLite's: <see cref="BeginWriteAsync"/> takes one transaction-scoped advisory lock for the
/// whole database before anything else, so a read-then-write (name uniqueness, quota, <c>If-Match</c>, lock conflicts)
/// sees nothing change under it, exactly as under <c>BEGIN IMMEDIATE</c>, and no store needs retry code. The price is one
/// writer at a time across all nodes (readers never wait). That is correct but not the final design: issue 10 asks for
/// writers to different users' trees not to wait for each other (per-tree locks or SERIALIZABLE with retries).
/// Single-statement writes outside a write transaction (upload leases, lock refresh) do not take the lock; each is
/// atomic on its own (PostgreSQL re-checks an UPDATE's WHERE on the row it updates).
/// </para>
/// </summary>
public sealed class PostgresDatabase : IDatabase, IDisposable
{
    // Arbitrary, fixed keys in pg_advisory_lock's one bigint space; advisory locks are per database, so two Depot
    // installations in one PostgreSQL server never meet.
    private const long WriteLockKey = 0x4465706f74_01;     // "Depot" 1
    private const long MigrationLockKey = 0x4465706f74_02; // "Depot" 2

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        _dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
    }

    // to_regclass follows the search_path, so a database (or schema) of its own per installation answers for itself.
    public string TableExistsSql => "SELECT to_regclass(@table) IS NOT NULL";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT pg_advisory_xact_lock({WriteLockKey})";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
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
