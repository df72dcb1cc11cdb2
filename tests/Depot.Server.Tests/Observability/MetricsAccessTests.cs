using System.Net;
using System.Net.Http.Headers;
using Depot.Protocol;
using Depot.Server.Tests.Hosting;
using Depot.Testing;
using Microsoft.Extensions.Options;

namespace Depot.Server.Tests.Observability;

/// <summary>Who may read <c>/metrics</c>, seen from other machines through a trusted proxy: allowed networks and admins.</summary>
public sealed class MetricsAccessTests(MetricsAccessTests.ProxiedServer server) : IClassFixture<MetricsAccessTests.ProxiedServer>
{
    [Fact]
    public async Task Another_machine_gets_404_like_any_unknown_path()
    {
        using var response = await GetMetricsAsync("203.0.113.7");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"code\":\"{ErrorCodes.NotFound}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_in_an_allowed_network_may_scrape()
    {
        using var response = await GetMetricsAsync("198.51.100.9");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_admin_token_may_scrape_from_anywhere_and_a_user_token_may_not()
    {
        using var user = await server.CreateUserAsync();
        using var admin = await server.CreateUserAsync(isAdmin: true);

        using var asUser = await GetMetricsAsync("203.0.113.7", user.Token);
        using var asAdmin = await GetMetricsAsync("203.0.113.7", admin.Token);

        Assert.Equal(HttpStatusCode.NotFound, asUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task Disabled_metrics_are_not_served_even_to_loopback()
    {
        var data = Directory.CreateTempSubdirectory("depot-metrics-off-");
        try
        {
            await using var off = await StandaloneServer.StartAsync(data.FullName, "--urls=http://127.0.0.1:0", "--Depot:Metrics:Enabled=false");
            using var http = new HttpClient { BaseAddress = off.Address };

            using var response = await http.GetAsync("/metrics");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--Depot:Metrics:AllowedNetworks:0=10.0.0.0/33")]
    [InlineData("--Depot:Limits:UserRequestsPerSecond=-1")]
    [InlineData("--Depot:Limits:BusyRetryAfterSeconds=0")]
    public async Task A_bad_metrics_or_limits_option_stops_the_server_before_it_serves(string option)
    {
        var data = Directory.CreateTempSubdirectory("depot-bad-option-");
        try
        {
            await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            {
                await using var app = StandaloneServer.Build(data.FullName, "--urls=http://127.0.0.1:0", option);
                await app.StartAsync();
            });
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private async Task<HttpResponseMessage> GetMetricsAsync(string clientAddress, string? token = null)
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    public sealed class ProxiedServer : DepotServer
    {
        protected override IEnumerable<string> ExtraArguments =>
            ["--Depot:Proxy:TrustedProxies:0=127.0.0.1", "--Depot:Metrics:AllowedNetworks:0=198.51.100.0/24"];
    }
}
