using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Server.Tests.Observability;
using Depot.Testing;

namespace Depot.Server.Tests.Overload;

/// <summary>Per-caller token buckets on a server with tiny limits (<see cref="LimitedDepotServer"/>), over sockets.</summary>
public sealed class RateLimitTests(LimitedDepotServer server) : IClassFixture<LimitedDepotServer>
{
    [Fact]
    public async Task A_user_over_their_rate_gets_429_with_retry_after_and_rate_limited_and_it_is_counted()
    {
        using var alice = await server.CreateUserAsync();
        var before = await ScrapeAsync();

        var (passed, refused) = await LimitedDepotServer.DrainAsync(alice.Http, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/me"));

        using (refused)
        {
            Assert.InRange(passed, LimitedDepotServer.Burst, 10 * LimitedDepotServer.Burst);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ErrorCodes.RateLimited, (await refused.Content.ReadFromJsonAsync(DepotJsonContext.Default.Problem))!.Code);
            AssertWholeSeconds(refused);
        }

        var after = await ScrapeAsync();
        Assert.True(after.Value("depot_throttled_total", ("reason", "user_rate")) > before.Value("depot_throttled_total", ("reason", "user_rate")));
    }

    [Fact]
    public async Task One_users_flood_does_not_limit_another_user()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();

        var (_, refused) = await LimitedDepotServer.DrainAsync(alice.Http, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/me"));
        refused.Dispose();

        using var response = await bob.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WebDAV_requests_draw_from_the_same_per_user_bucket()
    {
        using var alice = await server.CreateUserAsync();

        var (_, refused) = await LimitedDepotServer.DrainAsync(alice.Http, () => Propfind("/dav/"));
        refused.Dispose();

        // The REST API is refused too: one user, one bucket, whichever protocol they use.
        using var rest = await alice.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);
        AssertWholeSeconds(rest);
    }

    [Fact]
    public async Task Anonymous_requests_are_limited_per_client_address()
    {
        var flooder = RandomAddress();
        using var http = server.CreateHttpClient();
        var before = await ScrapeAsync();

        var (_, refused) = await LimitedDepotServer.DrainAsync(http, () => From(flooder, HttpMethod.Get, "/s/no-such-link"));

        using (refused)
        {
            Assert.Equal(ErrorCodes.RateLimited, (await refused.Content.ReadFromJsonAsync(DepotJsonContext.Default.Problem))!.Code);
            AssertWholeSeconds(refused);
        }

        using var other = await http.SendAsync(From(RandomAddress(), HttpMethod.Get, "/s/no-such-link"));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var after = await ScrapeAsync();
        Assert.True(after.Value("depot_throttled_total", ("reason", "address_rate")) > before.Value("depot_throttled_total", ("reason", "address_rate")));
    }

    [Fact]
    public async Task Probes_and_metrics_answer_a_caller_whose_requests_are_refused()
    {
        using var admin = await server.CreateUserAsync(isAdmin: true);
        var (_, refused) = await LimitedDepotServer.DrainAsync(admin.Http, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/me"));
        refused.Dispose();
        var anonymous = RandomAddress();
        using var http = server.CreateHttpClient();
        (_, refused) = await LimitedDepotServer.DrainAsync(http, () => From(anonymous, HttpMethod.Get, "/s/no-such-link"));
        refused.Dispose();

        // The admin, refused on the API, still reads /metrics (with their token, as if from another machine).
        using var metrics = await admin.Http.SendAsync(From(anonymous, HttpMethod.Get, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        foreach (var probe in new[] { "/healthz", "/readyz" })
        {
            using var response = await http.SendAsync(From(anonymous, HttpMethod.Get, probe));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static void AssertWholeSeconds(HttpResponseMessage refused)
    {
        var header = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds),
            $"Retry-After '{header}' is not a whole number of seconds");
        Assert.InRange(seconds, 1, 60);
    }

    private static HttpRequestMessage Propfind(string path)
    {
        var request = new HttpRequestMessage(new HttpMethod("PROPFIND"), path);
        request.Headers.Add("Depth", "0");
        return request;
    }

    /// <summary>A request as if from <paramref name="address"/>: 127.0.0.1 is a trusted proxy on this server.</summary>
    private static HttpRequestMessage From(string address, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", address);
        return request;
    }

    // From 198.18.0.0/15 (benchmarking), random enough that two tests never share an address.
    private static string RandomAddress() => $"198.18.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var http = server.CreateHttpClient();
        return PrometheusScrape.Parse(await http.GetStringAsync("/metrics"));
    }
}
