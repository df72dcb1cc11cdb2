using Microsoft.Data.Sqlite;

namespace Depot.Core.Data;

/// <summary>
/// One open SQLite connection of <see cref="SqliteDatabase"/>'s pool, with its per-connection pragmas applied once
/// and its statements kept prepared, one command per distinct SQL text. Used by one caller at a time.
/// <para>
/// Every command that runs on it is held here until it is disposed here, on the thread that uses the connection: the
/// cached ones until the connection closes, the overflow ones (past <see cref="MaxStatements"/>) until their command is
/// disposed or, at the latest, until the caller that borrowed the connection gives it back. A command dropped without disposal therefore never has its statements
/// finalized by the garbage collector's thread while another caller uses the connection, which SQLite's multi-thread
/// mode (<see cref="SqliteDatabase"/>) does not allow.
/// </para>
/// </summary>
internal sealed class SqlitePhysicalConnection : IDisposable
{
    // The stores have a few dozen distinct statements; IN-list expansions (Dapper writes one text per list length)
    // and path depths add more. Past the bound, statements are prepared per use, as without the cache.
    internal const int MaxStatements = 256;

    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);
    private readonly List<SqliteCommand> _overflow = [];

    // Statements run through SqliteRows, by text, prepared once like the commands above; those executing right now.
    private readonly Dictionary<string, SQLitePCL.sqlite3_stmt> _rows = new(StringComparer.Ordinal);
    private readonly HashSet<SQLitePCL.sqlite3_stmt> _executing = new(ReferenceEqualityComparer.Instance);
    private SqliteTransaction? _transaction;

    private SqlitePhysicalConnection(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>
    /// True when the connection may go back to the pool: no statement failed on it, SQLite is in autocommit mode
    /// (no transaction open) and no transaction object is still attached to it.
    /// </summary>
    public bool IsReusable => !IsDiscarded && !InTransaction && _transaction is not { Connection: not null };

    /// <summary>Set when something failed on this connection: it is closed when returned, never pooled again.</summary>
    public bool IsDiscarded { get; private set; }

    /// <summary>True while SQLite has a transaction open (it is not in autocommit mode).</summary>
    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    /// <summary>Opens a connection with a page cache of <paramref name="cacheKiB"/> KiB (a negative <c>cache_size</c> is KiB).</summary>
    public static async Task<SqlitePhysicalConnection> OpenAsync(string connectionString, int cacheKiB, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            // journal_mode is persistent in the file; synchronous, foreign_keys, busy_timeout and cache_size are per
            // connection.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; "
                + $"PRAGMA cache_size=-{cacheKiB.ToString(System.Globalization.CultureInfo.InvariantCulture)};";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return new SqlitePhysicalConnection(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public SqliteTransaction Begin(System.Data.IsolationLevel isolationLevel)
    {
        _transaction = Connection.BeginTransaction(isolationLevel);
        return _transaction;
    }

    public void Discard() => IsDiscarded = true;

    /// <summary>
    /// Ends <paramref name="transaction"/> if its owner did not: rolls it back, and when SQLite already ended it
    /// itself (an I/O error such as <c>SQLITE_FULL</c> rolls back automatically) detaches it from the connection,
    /// which is then discarded. Never throws: it runs while an exception of the owner's may be on its way out.
    /// </summary>
    public void EndTransaction(SqliteTransaction transaction)
    {
        if (transaction.Connection is null)
        {
            return;   // committed or rolled back
        }

        if (!InTransaction)
        {
            // Microsoft.Data.Sqlite would ROLLBACK a transaction that no longer exists and fail; give it one to end.
            Discard();
            SQLitePCL.raw.sqlite3_exec(Connection.Handle, "BEGIN");
        }

        try
        {
            transaction.Rollback();
        }
        catch (SqliteException)
        {
            Discard();
        }
    }

    /// <summary>The prepared command for <paramref name="sql"/>, or null when the cache is full (prepare one for this use).</summary>
    public SqliteCommand? Statement(string sql)
    {
        if (_statements.TryGetValue(sql, out var command))
        {
            return command;
        }

        if (_statements.Count + _rows.Count >= MaxStatements)
        {
            return null;
        }

        command = Connection.CreateCommand();
        command.CommandText = sql;
        _statements.Add(sql, command);
        return command;
    }

    /// <summary>
    /// An execution of <paramref name="sql"/> whose rows are read straight from SQLite (<see cref="SqliteRows"/>, which says
    /// why): the statement is prepared once per connection and kept, unless the cache is full or the statement is already
    /// executing (a caller reading two of the same at once), when it is prepared for this execution and finalized with it.
    /// </summary>
    public SqliteRows Rows(string sql)
    {
        if (_rows.TryGetValue(sql, out var cached) && _executing.Add(cached))
        {
            return new SqliteRows(this, cached, cached: true);
        }

        var db = Connection.Handle!;
        var rc = SQLitePCL.raw.sqlite3_prepare_v3(db, sql, SQLitePCL.raw.SQLITE_PREPARE_PERSISTENT, out var prepared, out _);
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            prepared.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        var keep = cached is null && _statements.Count + _rows.Count < MaxStatements;
        if (keep)
        {
            _rows.Add(sql, prepared);
            _executing.Add(prepared);
        }

        return new SqliteRows(this, prepared, keep);
    }

    /// <summary>An execution of a statement this connection keeps has ended (<see cref="SqliteRows"/> reset it).</summary>
    internal void Done(SQLitePCL.sqlite3_stmt statement) => _executing.Remove(statement);

    /// <summary>A command for statements prepared per use (the cache is full), held here until <see cref="EndUse"/>.</summary>
    public SqliteCommand Overflow()
    {
        var command = Connection.CreateCommand();
        _overflow.Add(command);
        return command;
    }

    /// <summary>An overflow command its caller disposed while still holding the connection: it goes now, not at <see cref="EndUse"/>.</summary>
    public void Release(SqliteCommand overflow)
    {
        if (_overflow.Remove(overflow))
        {
            overflow.Dispose();
        }
    }

    /// <summary>The borrowing caller is done with the connection: its overflow commands go, on its thread.</summary>
    public void EndUse()
    {
        foreach (var command in _overflow)
        {
            command.Dispose();
        }

        _overflow.Clear();
    }

    public void Dispose()
    {
        if (_transaction is not null)
        {
            EndTransaction(_transaction);   // else closing the connection would try the failing ROLLBACK itself
        }

        EndUse();
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
        foreach (var statement in _rows.Values)
        {
            statement.Dispose();
        }

        _rows.Clear();
        _executing.Clear();
        Connection.Dispose();
    }
}
