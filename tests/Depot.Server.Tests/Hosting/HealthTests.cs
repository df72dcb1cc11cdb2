using System.Net;
using Depot.Testing;

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
}
