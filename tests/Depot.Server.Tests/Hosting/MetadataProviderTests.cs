using System.Net;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// <c>Depot:Metadata:Provider=postgres</c> against the test process's real PostgreSQL (<see cref="PostgresServer"/>):
/// the metadata lives in the database, not in the data folder, and survives a restart; a missing connection string is
/// refused at start, and so is a SQLite page cache out of range.
/// </summary>
public sealed class MetadataProviderTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-metadata-");

    [Fact]
    public async Task Postgres_keeps_the_metadata_out_of_the_data_folder_and_across_a_restart()
    {
        var postgres = TestMetadata.PostgresArguments(_data.FullName);
        string username, password;
        await using (var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. postgres]))
        {
            var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "pg");
            using var user = await accounts.CreateUserAsync();
            (username, password) = (user.Username, user.Password);
            using var put = await user.Http.PutAsync("/api/v1/files/notes/a.txt?parents=true", new ByteArrayContent("hello"u8.ToArray()));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        Assert.False(File.Exists(Path.Combine(_data.FullName, "depot.db")), "no SQLite file with the postgres provider");

        await using (var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. postgres]))
        {
            var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "pg");
            using var http = accounts.CreateHttpClient(await accounts.SignInAsync(username, password));
            Assert.Equal("hello", await http.GetStringAsync("/api/v1/files/notes/a.txt"));
        }
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_refuses_to_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await StandaloneServer.StartAsync(_data.FullName,
                "--urls=http://127.0.0.1:0", "--Depot:Metadata:Provider=postgres", "--Depot:Metadata:ConnectionString=");
        });

        Assert.Contains("Depot:Metadata:ConnectionString", error.Message);
        Assert.False(File.Exists(Path.Combine(_data.FullName, "depot.db")));
    }

    [Fact]
    public async Task An_unknown_provider_refuses_to_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0", "--Depot:Metadata:Provider=mysql");
        });

        Assert.Contains("Depot:Metadata:Provider", error.Message);
    }

    [Fact]
    public async Task A_SQLite_page_cache_below_64_KiB_refuses_to_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0", "--Depot:Metadata:SqliteCacheKiB=0");
        });

        Assert.Contains("Depot:Metadata:SqliteCacheKiB", error.Message);
    }

    [Fact]
    public async Task The_connection_string_is_taken_from_DEPOT_METADATA_CONNECTION_STRING()
    {
        var connectionString = TestMetadata.PostgresArguments(_data.FullName)[1].Split('=', 2)[1];
        await using var process = new DepotProcess(output, _data.FullName, ["--Depot:Metadata:Provider=postgres"]);
        process.Environment["DEPOT_METADATA_CONNECTION_STRING"] = connectionString;
        await process.StartAsync();

        using var admin = await process.CreateAdminHttpClientAsync();
        using var response = await admin.GetAsync("/api/v1/users");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(File.Exists(Path.Combine(_data.FullName, "depot.db")), "the metadata went to PostgreSQL");
    }

    public void Dispose() => _data.Delete(recursive: true);
}
