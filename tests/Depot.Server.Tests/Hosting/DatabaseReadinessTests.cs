using System.Net;
using Depot.Testing;
using Npgsql;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// A node whose PostgreSQL goes away fails /readyz, so a load balancer takes it out of rotation, and passes again once
/// the database is back, without a restart (issue 12). The S3 side is StorageProviderTests' failing-store test.
/// </summary>
public sealed class DatabaseReadinessTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-ready-pg-");

    [Fact]
    public async Task Losing_postgres_fails_readiness_and_its_return_restores_it()
    {
        var connectionString = PostgresServer.Shared.CreateDatabase("ready");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var server = await StandaloneServer.StartAsync(_data.FullName,
            "--urls=http://127.0.0.1:0", "--Depot:Metadata:Provider=postgres", $"--Depot:Metadata:ConnectionString={connectionString}");
        using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/readyz")).StatusCode);

        // The database refuses new connections and drops the open ones: what a node sees when PostgreSQL is gone.
        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        await WaitForAsync(probe, HttpStatusCode.ServiceUnavailable);

        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        await WaitForAsync(probe, HttpStatusCode.OK);
    }

    // Bounded at 20 s.
    private static async Task WaitForAsync(HttpClient probe, HttpStatusCode expected) =>
        Assert.Equal(expected, (await Probe.WaitForAsync(probe, "/readyz", expected, TimeSpan.FromSeconds(20))).Status);

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => _data.Delete(recursive: true);
}
