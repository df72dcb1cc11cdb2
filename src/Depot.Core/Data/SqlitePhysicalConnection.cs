using Microsoft.Data.Sqlite;

namespace Depot.Core.Data;

/// <summary>
/// One open SQLite connection of <see cref="SqliteDatabase"/>'s pool, with its per-connection pragmas applied once
/// and its statements kept prepared, one command per distinct SQL text. Used by one caller at a time.
/// </summary>
internal sealed class SqlitePhysicalConnection : IDisposable
{
    // The stores have a few dozen distinct statements; IN-list expansions (Dapper writes one text per list length)
    // and path depths add more. Past the bound, statements are prepared per use, as without the cache.
    private const int MaxStatements = 256;

    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

    private SqlitePhysicalConnection(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>True while a transaction is open (SQLite is not in autocommit mode).</summary>
    public bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    public static async Task<SqlitePhysicalConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            // journal_mode is persistent in the file; synchronous, foreign_keys and busy_timeout are per connection.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return new SqlitePhysicalConnection(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The prepared command for <paramref name="sql"/>, or null when the cache is full (prepare one for this use).</summary>
    public SqliteCommand? Statement(string sql)
    {
        if (_statements.TryGetValue(sql, out var command))
        {
            return command;
        }

        if (_statements.Count >= MaxStatements)
        {
            return null;
        }

        command = Connection.CreateCommand();
        command.CommandText = sql;
        _statements.Add(sql, command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
        Connection.Dispose();
    }
}
