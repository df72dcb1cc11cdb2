using Dapper;
using Depot.Core.Data;
using Depot.Testing;

namespace Depot.Core.Tests.Data;

/// <summary>
/// Depot's Npgsql defaults: hot statements are prepared once per pooled connection (auto-prepare), unless the operator's
/// connection string says otherwise.
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

    private static Task<long> PreparedCountAsync(System.Data.Common.DbConnection connection) =>
        connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%relname = $1%'");
}
