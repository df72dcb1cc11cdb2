using System.Net;
using Depot.Core.Data;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Hosting;

public sealed class HealthTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probes_answer_healthy_without_authentication(string path)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Liveness_fails_when_the_metadata_store_can_serve_nothing()
    {
        var broken = new DepotServer();
        await broken.InitializeAsync();
        try
        {
            // A pool that hands out nothing usable: what a wedged pool looked like from outside (issue 9).
            ((IDisposable)broken.Services.GetRequiredService<IDatabase>()).Dispose();
            using var http = broken.CreateHttpClient();
            using var live = await http.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, live.StatusCode);
            Assert.Equal("Unhealthy", await live.Content.ReadAsStringAsync());
        }
        finally
        {
            await broken.DisposeAsync();
        }
    }
}
