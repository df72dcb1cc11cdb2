using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Tests.Data;

/// <summary>The connection pool that keeps statements prepared must behave like fresh connections.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-sqlite-");
    private readonly SqliteDatabase _database;

    public SqliteDatabaseTests()
    {
        _database = new SqliteDatabase(Path.Combine(_folder.FullName, "t.db"));
        using var connection = _database.OpenAsync(default).GetAwaiter().GetResult();
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    }

    [Fact]
    public async Task Reused_statements_take_new_parameters_and_the_current_transaction()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await _database.OpenAsync(default);
            await using var transaction = await _database.BeginWriteAsync(connection, [], default);
            await connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (@i, @v)", new { i, v = $"v{i}" }, transaction);
            await transaction.CommitAsync();
        }

        await using var reader = await _database.OpenAsync(default);
        Assert.Equal(["v0", "v1", "v2"], await reader.QueryAsync<string>("SELECT v FROM t WHERE id >= @from ORDER BY id", new { from = 0 }));
        Assert.Equal(["v2"], await reader.QueryAsync<string>("SELECT v FROM t WHERE id >= @from ORDER BY id", new { from = 2 }));
    }

    [Fact]
    public async Task A_connection_returned_inside_a_transaction_is_rolled_back_not_reused_in_it()
    {
        var connection = await _database.OpenAsync(default);
        var abandoned = await _database.BeginWriteAsync(connection, [], default);
        await connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (1, 'lost')", transaction: abandoned);
        await connection.DisposeAsync();   // the transaction was neither committed nor disposed

        await using var next = await _database.OpenAsync(default);
        await using var transaction = await _database.BeginWriteAsync(next, [], default);
        Assert.Equal(0, await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t", transaction: transaction));
    }

    [Fact]
    public async Task A_statement_error_leaves_the_connection_usable()
    {
        await using (var connection = await _database.OpenAsync(default))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (1, NULL)"));
        }

        await using var again = await _database.OpenAsync(default);
        Assert.Equal(1, await again.ExecuteAsync("INSERT INTO t (id, v) VALUES (1, 'x')"));
    }

    [Fact]
    public async Task A_transaction_SQLite_ended_by_itself_neither_hides_the_error_nor_poisons_the_pool()
    {
        var connection = await _database.OpenAsync(default);
        var transaction = await _database.BeginWriteAsync(connection, [], default);
        await connection.ExecuteAsync("INSERT INTO t (id, v) VALUES (1, 'lost')", transaction: transaction);
        // What a COMMIT failing with SQLITE_FULL does (issue 9): Microsoft.Data.Sqlite has already dropped its rollback
        // hook, and SQLite rolls the transaction back by itself.
        var handle = ((PooledSqliteConnection)connection).Physical.Connection.Handle;
        SQLitePCL.raw.sqlite3_rollback_hook(handle, null, null);
        Assert.Equal(0, SQLitePCL.raw.sqlite3_exec(handle, "ROLLBACK"));

        await transaction.DisposeAsync();   // must not throw over the owner's real error
        await connection.DisposeAsync();

        for (var i = 0; i < 3; i++)
        {
            await using var next = await _database.OpenAsync(default);
            Assert.Equal(i, await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t"));
            await using var write = await _database.BeginWriteAsync(next, [], default);
            await next.ExecuteAsync("INSERT INTO t (id, v) VALUES (@id, 'kept')", new { id = 10 + i }, write);
            await write.CommitAsync();
        }
    }

    [Fact]
    public async Task After_dispose_no_connection_is_handed_out()
    {
        (await _database.OpenAsync(default)).Dispose();
        _database.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _database.OpenAsync(default));
    }

    [Fact]
    public async Task Each_connection_has_the_page_cache_it_was_given()
    {
        await using (var connection = await _database.OpenAsync(default))
        {
            // A negative cache_size is in KiB.
            Assert.Equal(-SqliteDatabase.DefaultCacheKiB, await connection.ExecuteScalarAsync<long>("PRAGMA cache_size"));
        }

        using var larger = new SqliteDatabase(_database.Path, cacheKiB: 4096);
        await using var other = await larger.OpenAsync(default);
        Assert.Equal(-4096, await other.ExecuteScalarAsync<long>("PRAGMA cache_size"));
    }

    [Fact]
    public async Task A_statement_past_the_cache_dropped_undisposed_lives_until_its_connection_is_given_back()
    {
        // SQLite runs in multi-thread mode (SqliteDatabase): a statement finalized on the garbage collector's thread while
        // another caller uses its connection would race that caller. So the connection owns every statement run on it,
        // even one whose command was dropped without disposal, and finalizes it itself when the borrower gives it back.
        SQLitePCL.sqlite3 handle;
        await using (var filling = (PooledSqliteConnection)await _database.OpenAsync(default))
        {
            handle = filling.Physical.Connection.Handle!;
            for (var i = 0; i < SqlitePhysicalConnection.MaxStatements; i++)
            {
                await filling.ExecuteScalarAsync<long>($"SELECT {i}");
            }
        }

        var connection = (PooledSqliteConnection)await _database.OpenAsync(default);
        Assert.Same(handle, connection.Physical.Connection.Handle);   // the pool's one idle connection, its cache full
        var cachedOnly = SqliteStatementMemory.Of(handle);
        RunAndDrop(connection, "SELECT 'past the cache', 1, 2, 3");
        var withOverflow = SqliteStatementMemory.Of(handle);
        Assert.True(withOverflow > cachedOnly, $"the overflow statement uses {withOverflow - cachedOnly} bytes");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(withOverflow, SqliteStatementMemory.Of(handle));

        // One disposed while its caller still holds the connection goes at once.
        await using (var disposed = connection.CreateCommand())
        {
            disposed.CommandText = "SELECT 'disposed past the cache', 4, 5";
            await disposed.ExecuteScalarAsync();
            Assert.True(SqliteStatementMemory.Of(handle) > withOverflow);
        }

        Assert.Equal(withOverflow, SqliteStatementMemory.Of(handle));

        await connection.DisposeAsync();   // back to the pool, still open
        Assert.Equal(cachedOnly, SqliteStatementMemory.Of(handle));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunAndDrop(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteScalar();
    }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Delete(recursive: true);
    }
}
