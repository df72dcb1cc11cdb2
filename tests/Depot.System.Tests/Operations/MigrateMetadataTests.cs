using Depot.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// Issue 10, the migration path: <c>depot-server migrate-metadata --from sqlite --to postgres</c> moves a single-node
/// installation's metadata into PostgreSQL, and a server started on the same data folder with the postgres provider
/// serves everything as before. It refuses (one sentence, exit 1) beside a running server and over a database that
/// already holds Depot data.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class MigrateMetadataTests(ITestOutputHelper output)
{
    // The first server must use SQLite even when the suite runs on PostgreSQL (DEPOT_TEST_METADATA=postgres).
    private static readonly string[] Sqlite = ["--Depot:Metadata:Provider=sqlite"];

    [Fact]
    public async Task A_sqlite_installation_moved_to_postgres_keeps_every_user_file_share_link_and_lock()
    {
        await using var before = new DepotProcess(output, extraArguments: Sqlite);
        await before.StartAsync();
        var content = await InstallationContent.CreateAsync(before.Accounts);
        await before.KillAsync();
        var target = PostgresServer.Shared.CreateDatabase("migrated");

        var migrated = await MigrateAsync(before.DataPath, $"--connection-string={target}");

        Assert.Equal(0, migrated.ExitCode);
        Assert.Matches(@"(?m)^nodes\s+\d+\s+\d+\s+[0-9a-f]{16}\s+[0-9a-f]{16}\s+ok$", migrated.StandardOutput);
        Assert.DoesNotContain("MISMATCH", migrated.StandardOutput);
        Assert.Contains("--Depot:Metadata:Provider=postgres", migrated.StandardOutput);
        Assert.DoesNotContain("Username=", migrated.Output); // the connection string (it may hold a password) is never echoed

        await using var after = new DepotProcess(output, dataPath: before.DataPath,
            extraArguments: ["--Depot:Metadata:Provider=postgres", $"--Depot:Metadata:ConnectionString={target}"]);
        await after.StartAsync();
        await content.AssertPresentAsync(after.Accounts, () => new HttpClient { BaseAddress = after.Address });
        // A session from before the move still works: tokens are metadata too.
        using var oldSession = after.CreateHttpClient(content.Alice.Token);
        Assert.Contains(content.Alice.Username, await oldSession.GetStringAsync("/api/v1/me"));
    }

    [Fact]
    public async Task Migrating_beside_a_running_server_is_refused_and_so_is_a_second_server()
    {
        await using var running = new DepotProcess(output, extraArguments: Sqlite);
        await running.StartAsync();
        var target = PostgresServer.Shared.CreateDatabase("busy");

        var refused = await MigrateAsync(running.DataPath, $"--connection-string={target}");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("A depot-server is running on the data folder", refused.StandardError);
        Assert.DoesNotContain("   at ", refused.Output);
        Assert.False(await HasSchemaAsync(target), "nothing was written to the target");

        var second = await ServerCommand.RunAsync(["--urls=http://127.0.0.1:0", $"--Depot:DataPath={running.DataPath}",
            "--Depot:Metadata:Provider=sqlite", "--DEPOT_ADMIN_PASSWORD=unused-pass-1"]);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("is in use by another depot-server process", second.StandardError);
        Assert.True(running.IsRunning);
    }

    [Fact]
    public async Task A_target_that_already_holds_depot_data_is_refused_and_left_as_it_was()
    {
        await using var source = new DepotProcess(output, extraArguments: Sqlite);
        await source.StartAsync();
        await source.KillAsync();
        // A server that already ran on the target made its admin account there.
        var target = PostgresServer.Shared.CreateDatabase("used");
        await using (var other = new DepotProcess(output, extraArguments: ["--Depot:Metadata:Provider=postgres", $"--Depot:Metadata:ConnectionString={target}"]))
        {
            await other.StartAsync();
        }

        var refused = await MigrateAsync(source.DataPath, "--Depot:Metadata:ConnectionString=" + target);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already holds Depot data (table ", refused.StandardError);
        Assert.DoesNotContain("   at ", refused.Output);
        Assert.Equal(1L, await ScalarAsync(target, "SELECT COUNT(*) FROM users")); // the other server's admin, alone
    }

    [Fact]
    public async Task Wrong_arguments_print_the_usage()
    {
        var missing = await ServerCommand.RunAsync(["migrate-metadata", "--from", "sqlite", "--to"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Usage: depot-server migrate-metadata --from sqlite --to postgres", missing.StandardError);

        var backwards = await ServerCommand.RunAsync(["migrate-metadata", "--from", "postgres", "--to", "sqlite"]);
        Assert.Equal(2, backwards.ExitCode);
        Assert.Contains("only --from sqlite --to postgres is supported", backwards.StandardError);
    }

    private async Task<ServerCommand.Outcome> MigrateAsync(string dataPath, string target)
    {
        var outcome = await ServerCommand.RunAsync(["migrate-metadata", "--from", "sqlite", "--to", "postgres", "--data", dataPath, target],
            timeout: TimeSpan.FromMinutes(2));
        output.WriteLine(outcome.Output);
        return outcome;
    }

    private static async Task<bool> HasSchemaAsync(string connectionString) =>
        (bool)await ScalarAsync(connectionString, "SELECT to_regclass('schema_migrations') IS NOT NULL");

    private static async Task<object> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())!;
    }
}
