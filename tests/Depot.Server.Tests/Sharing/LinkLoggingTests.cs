using Depot.Server.Tests.Hosting;
using static Depot.Server.Tests.Sharing.LinkPageApi;

namespace Depot.Server.Tests.Sharing;

public sealed class LinkLoggingTests(LoggedDepotServer server) : IClassFixture<LoggedDepotServer>
{
    [Fact]
    public async Task Link_tokens_never_reach_the_log()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/logged");
        await owner.Http.PutFileAsync("/logged/x.txt", "x");
        var link = await owner.Http.LinkOkAsync("/logged", password: "log password");
        var cookie = await anonymous.UnlockCookieAsync(link.Token, "log password");
        using (await anonymous.SendAsync(Accepting(link.Url, BrowserAccept)))
        using (await anonymous.SendAsync(Accepting(link.Url + "/x.txt", "application/json", cookie)))
        using (await anonymous.SendAsync(Accepting(link.Url + "/x.txt?download", "*/*", cookie)))
        using (await anonymous.SendAsync(Accepting(link.Url + "/missing", "*/*", cookie)))
        using (await anonymous.UnlockAsync(link.Token, "wrong"))
        {
        }

        var lines = server.Logs.Lines;
        Assert.DoesNotContain(lines, l => l.Text.Contains(link.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Text.Contains(cookie.Split('=')[1], StringComparison.Ordinal));
        var finished = lines.Where(l => l.EventId == 1100 && l.Message.Contains("/s/", StringComparison.Ordinal)).ToList();
        Assert.Contains(finished, l => l.Message.Contains("\"GET /s/[link]/x.txt HTTP/1.1\" -> 200", StringComparison.Ordinal));
        Assert.Contains(finished, l => l.Message.Contains("\"GET /s/[link]/missing HTTP/1.1\" -> 404 link_not_found", StringComparison.Ordinal));
        Assert.All(finished, l => Assert.DoesNotContain("RequestPath", l.Scope.Keys));
    }
}
