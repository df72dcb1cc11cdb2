using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Server.Hosting;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

public sealed class ListenAddressTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-listen-");

    [Theory]
    [InlineData("http://0.0.0.0:8080", true)]
    [InlineData("http://*:8080", true)]
    [InlineData("http://+:8080", true)]
    [InlineData("http://[::]:8080", true)]
    [InlineData("http://192.168.1.10:8080", true)]
    [InlineData("http://depot.example:8080", true)]
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("http://127.0.0.2:0", false)]
    [InlineData("http://[::1]:8080", false)]
    [InlineData("http://localhost:8080", false)]
    [InlineData("HTTP://LOCALHOST:8080", false)]
    [InlineData("http://unix:/run/depot.sock", false)]
    [InlineData("https://0.0.0.0:8443", false)]
    [InlineData("https://*:8443", false)]
    public void Plain_http_is_exposed_only_off_loopback(string address, bool exposed) =>
        Assert.Equal(exposed, ListenAddressRule.IsExposedPlainHttp(address));

    [Theory]
    [InlineData("--urls=http://0.0.0.0:0")]
    [InlineData("--urls=https://127.0.0.1:0;http://[::]:0")]
    [InlineData("--http_ports=0")]
    [InlineData("--Kestrel:Endpoints:Web:Url=http://0.0.0.0:0")]
    public async Task Plain_http_off_loopback_without_a_trusted_proxy_refuses_to_start(string listen)
    {
        await using var app = StandaloneServer.Build(_data.FullName, listen);

        var error = await Assert.ThrowsAsync<StartupRefusedException>(() => app.StartAsync());

        Assert.Contains("Refusing to serve plain HTTP", error.Message);
        Assert.Contains("Depot:Proxy:TrustedProxies", error.Message);
        Assert.False(File.Exists(Path.Combine(_data.FullName, "depot.db")), "nothing else started");
    }

    [Fact]
    public async Task Plain_http_off_loopback_starts_behind_a_trusted_proxy()
    {
        await using var server = await StandaloneServer.StartAsync(_data.FullName,
            "--urls=http://0.0.0.0:0", "--Depot:Proxy:TrustedProxies:0=10.0.0.0/8");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Address.Port}") };
        using var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_trusted_proxy_fails_start()
    {
        // Options are validated when the pipeline is built, before anything listens.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await StandaloneServer.StartAsync(_data.FullName,
                "--urls=http://127.0.0.1:0", "--Depot:Proxy:TrustedProxies:0=not-an-ip");
        });

        Assert.Contains("not-an-ip", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0", "127.0.0.1", "203.0.113.7")]
    [InlineData("http://127.0.0.1:0", "127.0.0.0/8", "203.0.113.7")]
    [InlineData("http://127.0.0.1:0", "10.0.0.0/8", "127.0.0.1")]
    [InlineData("http://*:0", "127.0.0.1", "203.0.113.7")]   // dual-stack socket: the peer is ::ffff:127.0.0.1
    [InlineData("http://*:0", "10.0.0.0/8", "127.0.0.1")]    // ... and is recorded as plain IPv4
    public async Task X_forwarded_for_is_believed_only_from_a_trusted_proxy(string listen, string trusted, string expectedAddress)
    {
        await using var server = await StandaloneServer.StartAsync(_data.FullName, $"--urls={listen}", $"--Depot:Proxy:TrustedProxies:0={trusted}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Address.Port}") };
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
        {
            Content = JsonContent.Create(new TokenRequest("admin", DepotServer.AdminPassword), DepotJsonContext.Default.TokenRequest),
        };
        signIn.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var signedIn = await http.SendAsync(signIn);
        var token = (await signedIn.Content.ReadFromJsonAsync(DepotJsonContext.Default.TokenResponse))!.Token;

        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var tokens = await http.GetFromJsonAsync("/api/v1/me/tokens", DepotJsonContext.Default.IReadOnlyListTokenInfo);

        Assert.Equal(expectedAddress, tokens!.Single(t => t.Current).CreatedFrom);
    }

    public void Dispose() => _data.Delete(recursive: true);
}
