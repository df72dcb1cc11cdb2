using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Depot.Server.Tests.Hosting;

/// <summary>Composition defaults, read from a built (never started) app.</summary>
public sealed class DefaultsTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-defaults-");

    [Fact]
    public async Task Without_configured_addresses_the_server_listens_on_https_8443_everywhere()
    {
        await using var app = StandaloneServer.Build(_data.FullName);

        Assert.Equal("https://*:8443", app.Configuration["urls"]);
    }

    [Fact]
    public async Task Configured_addresses_replace_the_default()
    {
        await using var app = StandaloneServer.Build(_data.FullName, "--urls=https://127.0.0.1:9443");

        Assert.Equal("https://127.0.0.1:9443", app.Configuration["urls"]);
    }

    [Fact]
    public async Task Shutdown_waits_a_minute_for_requests_in_flight_unless_configured()
    {
        await using var defaults = StandaloneServer.Build(_data.FullName, "--urls=http://127.0.0.1:0");
        await using var configured = StandaloneServer.Build(_data.FullName, "--urls=http://127.0.0.1:0", "--shutdownTimeoutSeconds=7");

        Assert.Equal(TimeSpan.FromSeconds(60), defaults.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), configured.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    public void Dispose() => _data.Delete(recursive: true);
}
