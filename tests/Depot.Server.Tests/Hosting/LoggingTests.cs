using Depot.Server.Observability;

namespace Depot.Server.Tests.Hosting;

public sealed class LoggingTests(LoggedDepotServer server) : IClassFixture<LoggedDepotServer>
{
    [Fact]
    public async Task Tokens_and_passwords_never_reach_the_log()
    {
        using var alice = await server.CreateUserAsync();
        using (await alice.Http.GetAsync("/api/v1/me"))
        using (await alice.Http.GetAsync("/api/v1/me?access_token=" + alice.Token))
        using (var forged = server.CreateHttpClient(alice.Token + "x"))
        using (await forged.GetAsync("/api/v1/me"))
        {
        }

        var all = server.Logs.Lines.Select(l => l.Text).ToList();
        Assert.NotEmpty(all);
        Assert.DoesNotContain(all, line => line.Contains(alice.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(all, line => line.Contains(alice.Password, StringComparison.Ordinal));
        Assert.DoesNotContain(all, line => line.Contains("access_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_request_is_logged_once_with_path_status_and_request_id()
    {
        using var http = server.CreateHttpClient();
        var path = "/api/v1/logged-" + Guid.NewGuid().ToString("N");
        using var response = await http.GetAsync(path + "?q=secret-looking");

        var line = Assert.Single(server.Logs.Lines, l => l.EventId == 1100 && l.Message.Contains(path, StringComparison.Ordinal));
        Assert.Equal(typeof(RequestLogging).FullName, line.Category);
        Assert.Contains("GET " + path + " HTTP/1.1 -> 404", line.Message);
        Assert.DoesNotContain("secret-looking", line.Text);
        Assert.True(line.Scope.TryGetValue("RequestId", out var requestId));
        Assert.Contains($"\"requestId\":\"{requestId}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Successful_health_probes_are_not_logged()
    {
        using var http = server.CreateHttpClient();
        using (await http.GetAsync("/healthz"))
        using (await http.GetAsync("/readyz"))
        {
        }

        Assert.DoesNotContain(server.Logs.Lines, l => l.EventId == 1100 && (l.Message.Contains("/healthz") || l.Message.Contains("/readyz")));
    }
}
