using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Depot.Core.Data;

/// <summary>
/// The embedded metadata store: one SQLite file in the data folder, in WAL mode with
/// <c>synchronous=FULL</c> so a committed transaction survives power loss (nothing is acknowledged
/// before it is durable), and foreign keys enforced.
/// </summary>
public sealed class SqliteDatabase : IDatabase
{
    private static readonly object InitLock = new();
    private static bool _initialised;
    private readonly string _connectionString;

    // The physical connections (pooled handles) that already have the pragmas. A pooled SqliteConnection reuses
    // its sqlite3 handle, and the pragmas live on the handle, so running them on every OpenAsync was one
    // statement round trip per request for nothing. Weak keys: a handle the pool closes drops out by itself.
    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();

    public SqliteDatabase(string path)
    {
        lock (InitLock)
        {
            if (!_initialised)
            {
                SQLitePCL.Batteries_V2.Init();
                _initialised = true;
            }
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Writers queue on SQLite's lock rather than fail: 30 s outlasts any single metadata transaction.
            DefaultTimeout = 30,
        }.ToString();
        Path = path;
    }

    public string Path { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var handle = connection.Handle!;
            if (!_configured.TryGetValue(handle, out _))
            {
                await using var pragmas = connection.CreateCommand();
                // journal_mode is persistent in the file; synchronous, foreign_keys and busy_timeout are per
                // connection, which is per handle: applied once, kept while the pool keeps the handle.
                pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                _configured.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite starts IMMEDIATE transactions unless deferred is asked for.
        return await connection.BeginTransactionAsync(cancellationToken);
    }
}
