using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Depot.Core.Data;

/// <summary>
/// One execution of a statement a <see cref="SqlitePhysicalConnection"/> keeps prepared (<see cref="SqlitePhysicalConnection.Rows"/>),
/// its columns read through SQLite's C API on the statement's raw pointer (<see cref="SqliteRow"/>).
/// <para>
/// Why: Microsoft.Data.Sqlite reads each column through SQLitePCLRaw, whose P/Invokes marshal the statement's
/// <see cref="SafeHandle"/>, an interlocked reference count up and down on every call, two or three calls a column.
/// That was the largest item of an allprop PROPFIND of 5,000 entries, 21% of its CPU (bench/README.md). Here the handle's
/// reference is taken once, for the whole execution, which also keeps the statement alive while its pointer is used.
/// Binding and stepping still go through SQLitePCLRaw: they are a few calls a row, not a few a column.
/// </para>
/// <para>
/// Like the connection, used by one caller at a time, on the flow that borrowed the connection; disposing it resets the
/// statement (and finalizes it when the connection did not cache it), so nothing of it outlives the borrow.
/// </para>
/// </summary>
internal sealed class SqliteRows : IDisposable
{
    private readonly SqlitePhysicalConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly bool _cached;
    private bool _referenced;

    /// <param name="connection">Whose statement it is: told when the execution ends, or fails.</param>
    /// <param name="statement">The prepared statement.</param>
    /// <param name="cached">Whether the connection keeps it; if not, it is finalized when this execution ends.</param>
    internal SqliteRows(SqlitePhysicalConnection connection, sqlite3_stmt statement, bool cached)
    {
        _connection = connection;
        _statement = statement;
        _cached = cached;
        statement.DangerousAddRef(ref _referenced);
        Current = new SqliteRow(statement.DangerousGetHandle());
    }

    /// <summary>The row <see cref="Read"/> stepped to; valid until the next <see cref="Read"/> or <see cref="Dispose"/>.</summary>
    public SqliteRow Current { get; }

    /// <summary>Binds <paramref name="value"/> (null: SQL NULL) to parameter <paramref name="name"/>, if the statement has it.</summary>
    public void Bind(string name, string? value)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        if (index > 0)
        {
            Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));
        }
    }

    /// <summary>Binds <paramref name="value"/> to parameter <paramref name="name"/>, if the statement has it.</summary>
    public void Bind(string name, long value)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        if (index > 0)
        {
            Check(raw.sqlite3_bind_int64(_statement, index, value));
        }
    }

    /// <summary>Steps to the next row: false when there is none.</summary>
    public bool Read() => raw.sqlite3_step(_statement) switch
    {
        raw.SQLITE_ROW => true,
        raw.SQLITE_DONE => false,
        var rc => Fail(rc),
    };

    public void Dispose()
    {
        // The step's error, if any, was thrown by Read; reset only reports it again.
        _ = raw.sqlite3_reset(_statement);
        _ = raw.sqlite3_clear_bindings(_statement);
        if (_referenced)
        {
            _referenced = false;
            _statement.DangerousRelease();
        }

        if (_cached)
        {
            _connection.Done(_statement);
        }
        else
        {
            _statement.Dispose();
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            Fail(rc);
        }
    }

    // As CachedSqliteCommand does: a connection on which a statement failed is not reasoned about but discarded.
    private bool Fail(int rc)
    {
        _connection.Discard();
        SqliteException.ThrowExceptionForRC(rc, _connection.Connection.Handle);
        throw new SqliteException($"SQLite error {rc}.", rc);
    }
}

/// <summary>
/// The current row of a <see cref="SqliteRows"/>: typed column reads by position, each one call into SQLite on the raw
/// statement pointer, without marshalling a handle. As Microsoft.Data.Sqlite reads them: integers through
/// <c>sqlite3_column_int64</c>, text as UTF-8 (<c>sqlite3_column_text</c>, then its length), BLOBs copied out.
/// </summary>
internal readonly unsafe partial struct SqliteRow(nint statement) : IRowColumns
{
    private const string Library = "e_sqlite3";
    private const int SqliteNull = 5;

    public bool IsDBNull(int column) => sqlite3_column_type(statement, column) == SqliteNull;

    public long GetInt64(int column) => sqlite3_column_int64(statement, column);

    public string GetString(int column)
    {
        // The text first, then its length: the length SQLite reports is of the text it converted to (sqlite.org/c3ref/column_blob.html).
        var text = sqlite3_column_text(statement, column);
        return text is null
            ? throw new InvalidCastException($"Column {column} is NULL.")
            : Encoding.UTF8.GetString(text, sqlite3_column_bytes(statement, column));
    }

    public byte[] GetBytes(int column)
    {
        // As for text: the pointer first, then the length. A zero-length BLOB comes back as a null pointer.
        var blob = sqlite3_column_blob(statement, column);
        return blob is null ? [] : new ReadOnlySpan<byte>(blob, sqlite3_column_bytes(statement, column)).ToArray();
    }

    [LibraryImport(Library)]
    private static partial byte* sqlite3_column_blob(nint statement, int column);

    [LibraryImport(Library)]
    private static partial int sqlite3_column_type(nint statement, int column);

    [LibraryImport(Library)]
    private static partial long sqlite3_column_int64(nint statement, int column);

    [LibraryImport(Library)]
    private static partial byte* sqlite3_column_text(nint statement, int column);

    [LibraryImport(Library)]
    private static partial int sqlite3_column_bytes(nint statement, int column);
}
