using System.Globalization;
using System.Text.RegularExpressions;
using Depot.Server.Observability;
using Depot.Server.Tests.Sharing;

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
        Assert.Contains("127.0.0.1 - \"GET " + path + " HTTP/1.1\" -> 404 not_found, ", line.Message);
        Assert.DoesNotContain("secret-looking", line.Text);
        // The request id is the one scope field: the path is in the line itself, and the request id names the connection.
        Assert.Equal(["RequestId"], line.Scope.Keys);
        Assert.Contains($"\"requestId\":\"{line.Scope["RequestId"]}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_line_names_the_user_the_decoded_path_and_the_bytes_sent()
    {
        using var alice = await server.CreateUserAsync();
        var name = "Résumé " + Guid.NewGuid().ToString("N")[..8] + ".txt";
        var content = new string('x', 1234);
        await alice.Http.PutFileAsync("/" + name, content);
        using (var download = await alice.Http.GetAsync("/api/v1/files/" + Uri.EscapeDataString(name)))
        {
            Assert.Equal(content, await download.Content.ReadAsStringAsync());
        }

        using (await alice.Http.GetAsync("/api/v1/files/" + Uri.EscapeDataString("missing " + name)))
        {
        }

        var lines = server.Logs.Lines.Where(l => l.EventId == 1100 && l.Message.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Message.StartsWith($"127.0.0.1 {alice.Username} \"GET /api/v1/files/{name} HTTP/1.1\" -> 200 -, 1234 bytes in ",
            StringComparison.Ordinal));
        var missing = Assert.Single(lines, l => l.Message.Contains("/missing ", StringComparison.Ordinal));
        Assert.Contains($"{alice.Username} \"GET /api/v1/files/missing {name} HTTP/1.1\" -> 404 not_found, ", missing.Message);
        // The problem document's bytes are counted too (it is written through the same response body).
        Assert.True(long.Parse(Regex.Match(missing.Message, ", (\\d+) bytes in ").Groups[1].Value, CultureInfo.InvariantCulture) > 50, missing.Message);
    }

    [Fact]
    public async Task A_line_break_in_a_path_cannot_forge_a_second_line()
    {
        using var http = server.CreateHttpClient();
        var marker = Guid.NewGuid().ToString("N");
        using (await http.GetAsync($"/api/v1/files/{marker}%0A127.0.0.1%20admin%20%22GET%20%2F%22%1B[31m"))
        {
        }

        var line = Assert.Single(server.Logs.Lines, l => l.EventId == 1100 && l.Message.Contains(marker, StringComparison.Ordinal));
        Assert.Contains(marker + "\\u000a127.0.0.1 admin \"GET %2F\"\\u001b[31m", line.Message);
        Assert.DoesNotContain('\n', line.Message);
        Assert.DoesNotContain('\u001b', line.Message);
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
