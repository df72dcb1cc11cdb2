using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

public sealed class SecurityHeadersTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Theory]
    [InlineData("/healthz")]                // 200 from an endpoint
    [InlineData("/api/v1/me")]              // 401 from authentication
    [InlineData("/api/v1/no-such-thing")]   // 404 from status code pages
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS only over HTTPS");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : response.Content.Headers.GetValues(name));
}
