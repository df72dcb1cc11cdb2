using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>The CLI against the real server's generated self-signed certificate: trust on first use by fingerprint.</summary>
public sealed class HttpsServerTrustTests(HttpsCliServer server) : IClassFixture<HttpsCliServer>
{
    [Fact]
    public async Task The_generated_certificate_is_trusted_by_the_fingerprint_the_server_publishes()
    {
        using var cli = new CliRunner().With("DEPOT_PASSWORD", DepotServer.AdminPassword);
        var url = server.Address.AbsoluteUri;

        var refused = await cli.RunAsync("login", url, "-u", "admin").ShouldFailWithAsync(ExitCodes.Network);
        Assert.Contains(server.Fingerprint, refused.Error);

        await cli.RunAsync("login", url, "-u", "admin", "--fingerprint", server.Fingerprint).ShouldSucceedAsync();
        var local = Path.Combine(cli.WorkingDirectory, "hello.txt");
        await File.WriteAllTextAsync(local, "over TLS");
        await cli.RunAsync("put", local, "/hello.txt").ShouldSucceedAsync();
        await cli.RunAsync("get", "/hello.txt", Path.Combine(cli.WorkingDirectory, "back.txt")).ShouldSucceedAsync();

        Assert.Equal("over TLS", await File.ReadAllTextAsync(Path.Combine(cli.WorkingDirectory, "back.txt")));
    }
}
