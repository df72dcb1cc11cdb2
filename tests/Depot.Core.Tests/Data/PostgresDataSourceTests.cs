using System.Data.Common;
using Dapper;
using Depot.Core.Data;
using Depot.Testing;
using Npgsql;

namespace Depot.Core.Tests.Data;

/// <summary>
/// Depot's Npgsql defaults: hot statements are prepared once per pooled connection (auto-prepare), and a node's pool
/// holds 16 connections, unless the operator's connection string says otherwise.
/// </summary>
public sealed class PostgresDataSourceTests
{
    private const string Hot = "SELECT COUNT(*) FROM pg_class WHERE relname = @name";

    [Fact]
    public async Task A_statement_run_repeatedly_is_prepared_and_stays_prepared_across_pooled_opens()
    {
        using var database = new PostgresDatabase(PostgresServer.Shared.CreateDatabase("prep"));
        for (var i = 0; i < 3; i++)
        {
            // A fresh open each time, as each request does: the pool's reset must not drop the prepared statement.
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await connection.ExecuteScalarAsync<long>(Hot, new { name = "nodes" });
        }

        await using var check = await database.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await PreparedCountAsync(check));
    }

    [Fact]
    public async Task Max_Auto_Prepare_in_the_connection_string_wins()
    {
        using var database = new PostgresDatabase(PostgresServer.Shared.CreateDatabase("noprep") + ";Max Auto Prepare=0");
        await using var connection = await database.OpenAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await connection.ExecuteScalarAsync<long>(Hot, new { name = "nodes" });
        }

        Assert.Equal(0, await PreparedCountAsync(connection));
    }

    [Fact]
    public async Task A_node_opens_at_most_16_connections_and_a_pool_still_full_after_its_timeout_is_a_busy_database()
    {
        // The test server's strings set a pool size of their own; this one must leave it to Depot.
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.Shared.CreateDatabase("pool")) { Timeout = 1 };
        connectionString.Remove("Maximum Pool Size");
        using var database = new PostgresDatabase(connectionString.ToString());
        var held = new List<DbConnection>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                held.Add(await database.OpenAsync(CancellationToken.None));
            }

            var busy = await Assert.ThrowsAnyAsync<NpgsqlException>(() => database.OpenAsync(CancellationToken.None));
            Assert.True(DatabaseFaults.IsBusy(busy), busy.ToString());
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Maximum_Pool_Size_in_the_connection_string_wins()
    {
        using var database = new PostgresDatabase(PostgresServer.Shared.CreateDatabase("bigpool") + ";Maximum Pool Size=20;Timeout=1");
        var held = new List<DbConnection>();
        for (var i = 0; i < 20; i++)
        {
            held.Add(await database.OpenAsync(CancellationToken.None));
        }

        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }
    }

    private static Task<long> PreparedCountAsync(DbConnection connection) =>
        connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%relname = $1%'");
}
