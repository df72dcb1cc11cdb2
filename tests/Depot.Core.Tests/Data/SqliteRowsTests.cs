using Dapper;
using Depot.Core.Data;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Tests.Data;

/// <summary>
/// Rows read straight from SQLite's statement (<see cref="SqliteRows"/>) must read what Microsoft.Data.Sqlite's reader
/// reads, and their statements must follow the pooled connection's rules: one execution at a time, reset after it, and
/// finalized by the connection on its borrower's flow.
/// </summary>
public sealed class SqliteRowsTests : IDisposable
{
    private const string All = "SELECT id, v, n, b FROM t WHERE id >= @from ORDER BY id";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-sqlite-rows-");
    private readonly SqliteDatabase _database;

    public SqliteRowsTests()
    {
        _database = new SqliteDatabase(Path.Combine(_folder.FullName, "t.db"));
        using var connection = _database.OpenAsync(default).GetAwaiter().GetResult();
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, n INTEGER, b BLOB)");
        connection.Execute(
            "INSERT INTO t (id, v, n, b) VALUES (1, 'plain', 0, x'00ff10'), (2, '', -1, x''), (3, NULL, NULL, NULL), " +
            "(4, 'Grüße, 東京 😀', 9223372036854775807, @blob), (5, @long, -9223372036854775808, x'')",
            new { @long = new string('x', 70_000), blob = Enumerable.Range(0, 20_000).Select(i => (byte)i).ToArray() });
    }

    [Fact]
    public async Task Rows_read_what_the_ADO_NET_reader_reads()
    {
        await using var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        var expected = (await connection.QueryAsync<(long Id, string? V, long? N, byte[]? B)>(All, new { from = 0 }))
            .Select(r => (r.Id, r.V, r.N, r.B is null ? null : Convert.ToHexString(r.B))).ToList();

        var read = new List<(long Id, string? V, long? N, string? B)>();
        using (var rows = connection.Physical.Rows(All))
        {
            rows.Bind("@from", 0);
            while (rows.Read())
            {
                var row = rows.Current;
                read.Add((row.GetInt64(0), row.IsDBNull(1) ? null : row.GetString(1), row.IsDBNull(2) ? null : row.GetInt64(2),
                    row.IsDBNull(3) ? null : Convert.ToHexString(row.GetBytes(3))));
            }
        }

        Assert.Equal(5, read.Count);
        Assert.Equal(expected, read);
        Assert.Equal("00FF10", read[0].B);
        Assert.Equal("", read[1].B);   // a zero-length BLOB is an empty array, not NULL
        Assert.Equal(40_000, read[3].B!.Length);
        Assert.Equal("Grüße, 東京 😀", read[3].V);
        Assert.Equal("", read[1].V);
    }

    [Fact]
    public async Task A_null_column_read_as_text_is_an_error_not_an_empty_string()
    {
        await using var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        using var rows = connection.Physical.Rows("SELECT v FROM t WHERE id = 3");
        Assert.True(rows.Read());
        Assert.Throws<InvalidCastException>(() => rows.Current.GetString(0));
    }

    [Fact]
    public async Task A_statement_run_again_takes_the_new_bindings_and_forgets_the_old_ones()
    {
        await using var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        const string Sql = "SELECT id FROM t WHERE id >= @from AND (@upTo IS NULL OR id <= @upTo) ORDER BY id";
        Assert.Equal([2, 3], Ids(connection, Sql, ("@from", 2), ("@upTo", 3)));
        Assert.Equal([4, 5], Ids(connection, Sql, ("@from", 4)));   // @upTo unbound: NULL, not the 3 of before
        Assert.Equal([1, 2, 3, 4, 5], Ids(connection, Sql, ("@from", 0), ("@unknown", 7)));   // a name the statement lacks is ignored
    }

    [Fact]
    public async Task The_same_statement_read_twice_at_once_gives_each_reader_its_own_rows()
    {
        await using var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        using var outer = connection.Physical.Rows(All);
        outer.Bind("@from", 1);
        Assert.True(outer.Read());
        Assert.Equal([4, 5], Ids(connection, All, ("@from", 4)));   // the cached statement is busy: this one is prepared for it
        var rest = new List<long> { outer.Current.GetInt64(0) };
        while (outer.Read())
        {
            rest.Add(outer.Current.GetInt64(0));
        }

        Assert.Equal([1, 2, 3, 4, 5], rest);
    }

    [Fact]
    public async Task A_statement_that_fails_while_stepping_throws_SQLites_error_and_the_connection_is_not_pooled_again()
    {
        var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        var physical = connection.Physical;
        using (var rows = physical.Rows("SELECT abs(n) FROM t WHERE id = 5"))   // abs(-2^63) overflows
        {
            var error = Assert.Throws<SqliteException>(() => rows.Read());
            Assert.Contains("integer overflow", error.Message, StringComparison.Ordinal);
        }

        Assert.True(physical.IsDiscarded);
        await connection.DisposeAsync();
        await using var next = (PooledSqliteConnection)await _database.OpenAsync(default);
        Assert.NotSame(physical, next.Physical);
        Assert.Equal([1, 2, 3, 4, 5], Ids(next, All, ("@from", 0)));
    }

    [Fact]
    public async Task A_statement_that_does_not_prepare_throws_SQLites_error_and_leaves_the_connection_usable()
    {
        await using var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        var error = Assert.Throws<SqliteException>(() => connection.Physical.Rows("SELECT id FROM missing"));
        Assert.Contains("no such table", error.Message, StringComparison.Ordinal);
        Assert.False(connection.Physical.IsDiscarded);
        Assert.Equal([1, 2, 3, 4, 5], Ids(connection, All, ("@from", 0)));
    }

    [Fact]
    public async Task A_statement_past_the_cache_is_finalized_with_its_execution_and_cached_ones_with_the_connection()
    {
        // Multi-thread mode (SqliteDatabase): no statement may be finalized by the garbage collector's thread, so each is
        // finalized by its owner on the borrower's flow.
        await using var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        var handle = connection.Physical.Connection.Handle!;
        var before = SqliteStatementMemory.Of(handle);
        Assert.Equal([1], Ids(connection, "SELECT id FROM t WHERE id = @id", ("@id", 1)));
        var cached = SqliteStatementMemory.Of(handle);
        Assert.True(cached > before);
        Assert.Equal([2], Ids(connection, "SELECT id FROM t WHERE id = @id", ("@id", 2)));
        Assert.Equal(cached, SqliteStatementMemory.Of(handle));   // the same statement again, not a second one

        for (var i = 0; i < SqlitePhysicalConnection.MaxStatements; i++)
        {
            await connection.ExecuteScalarAsync<long>($"SELECT {i}");
        }

        var full = SqliteStatementMemory.Of(handle);
        using (var past = connection.Physical.Rows("SELECT id, v FROM t WHERE id > @id"))
        {
            past.Bind("@id", 0);
            Assert.True(past.Read());
            Assert.True(SqliteStatementMemory.Of(handle) > full);
        }

        Assert.Equal(full, SqliteStatementMemory.Of(handle));
    }

    private static List<long> Ids(PooledSqliteConnection connection, string sql, params (string Name, long Value)[] bindings)
    {
        using var rows = connection.Physical.Rows(sql);
        foreach (var (name, value) in bindings)
        {
            rows.Bind(name, value);
        }

        var ids = new List<long>();
        while (rows.Read())
        {
            ids.Add(rows.Current.GetInt64(0));
        }

        return ids;
    }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Delete(recursive: true);
    }
}
