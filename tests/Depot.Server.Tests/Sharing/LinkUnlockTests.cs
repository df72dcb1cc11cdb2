using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Server.Tests.Hosting;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.LinkPageApi;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

/// <summary><c>POST /api/v1/links/unlock</c> and the cookie it sets. Its own server: wrong passwords count against this address.</summary>
public sealed class LinkUnlockTests(DepotServer server) : IClassFixture<DepotServer>
{
    // Cookies are sent by hand, so the tests decide which one each request carries.
    private HttpClient CookielessClient() => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.Address };

    [Fact]
    public async Task Unlocking_sets_an_http_only_strict_cookie_that_opens_only_this_link()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = CookielessClient();
        await owner.Http.PutFileAsync("/a.txt", "alpha");
        await owner.Http.PutFileAsync("/b.txt", "beta");
        var a = await owner.Http.LinkOkAsync("/a.txt", password: "same password");
        var b = await owner.Http.LinkOkAsync("/b.txt", password: "same password");

        string cookie;
        using (var unlocked = await anonymous.UnlockAsync(a.Token, "same password"))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
            var header = Assert.Single(unlocked.Headers.GetValues("Set-Cookie"));
            var attributes = header.Split(';', StringSplitOptions.TrimEntries);
            Assert.StartsWith("depot-link=", attributes[0], StringComparison.Ordinal);
            Assert.Contains($"path=/s/{a.Token}", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
            Assert.DoesNotContain("secure", attributes);   // plain HTTP on loopback; HTTPS below
            var maxAge = int.Parse(attributes.Single(x => x.StartsWith("max-age=", StringComparison.Ordinal))["max-age=".Length..],
                System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(maxAge, 12 * 3600 - 60, 12 * 3600);
            cookie = attributes[0];
        }

        Assert.Equal("alpha", await (await anonymous.SendAsync(Accepting(a.Url + "?download", "*/*", cookie))).Content.ReadAsStringAsync());
        Assert.Equal("a.txt", (await anonymous.ViewAsync(a.Url, cookie)).Name);

        // Sent to link B (same password, even) it opens nothing: the MAC binds the link's id and its own password hash.
        await AssertStatusAsync(await anonymous.SendAsync(Accepting(b.Url, "application/json", cookie)), HttpStatusCode.Unauthorized,
            ErrorCodes.Unauthenticated);
        await AssertStatusAsync(await anonymous.SendAsync(Accepting(b.Url + "?download", "*/*", cookie)), HttpStatusCode.Unauthorized);
        await AssertStatusAsync(await anonymous.SendAsync(Accepting(a.Url, "application/json", cookie[..^2] + "xx")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_the_password_kills_every_cookie()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = CookielessClient();
        await owner.Http.PutFileAsync("/c.txt", "gamma");
        var link = await owner.Http.LinkOkAsync("/c.txt", password: "first password");
        var cookie = await anonymous.UnlockCookieAsync(link.Token, "first password");
        Assert.Equal("c.txt", (await anonymous.ViewAsync(link.Url, cookie)).Name);

        using (var changed = await owner.Http.PatchAsJsonAsync($"/api/v1/links/{link.Link.Id}", new UpdateLinkRequest(Password: "second password"),
                   DepotJsonContext.Default.UpdateLinkRequest))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        await AssertStatusAsync(await anonymous.SendAsync(Accepting(link.Url, "application/json", cookie)), HttpStatusCode.Unauthorized,
            ErrorCodes.Unauthenticated);
        var renewed = await anonymous.UnlockCookieAsync(link.Token, "second password");
        Assert.Equal("gamma", await (await anonymous.SendAsync(Accepting(link.Url, "*/*", renewed))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unlocking_a_dead_link_is_404_and_an_open_link_needs_no_cookie()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = CookielessClient();
        await owner.Http.PutFileAsync("/open.txt", "open");
        var open = await owner.Http.LinkOkAsync("/open.txt");

        using (var response = await anonymous.UnlockAsync(open.Token, "anything"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        await AssertStatusAsync(await anonymous.UnlockAsync("dpl_" + new string('B', 43), "anything"), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
        await AssertStatusAsync(await anonymous.PostAsJsonAsync("/api/v1/links/unlock", new { token = open.Token }), HttpStatusCode.BadRequest,
            ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Wrong_passwords_are_refused_audited_and_throttled()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = CookielessClient();
        await owner.Http.PutFileAsync("/t.txt", "t");
        var link = await owner.Http.LinkOkAsync("/t.txt", password: "the password");

        await AssertStatusAsync(await anonymous.UnlockAsync(link.Token, "wrong"), HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        HttpResponseMessage? last = null;
        for (var i = 0; i < 10 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last?.Dispose();
            last = await anonymous.UnlockAsync(link.Token, "guess" + i);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        await AssertStatusAsync(last, HttpStatusCode.TooManyRequests, ErrorCodes.TooManyAttempts);

        var audit = await owner.Http.GetStringAsync("/api/v1/audit?limit=200");
        Assert.Contains("link.password_failed", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("guess", audit, StringComparison.Ordinal);
    }
}

public sealed class HttpsLinkUnlockTests(HttpsDepotServer server) : IClassFixture<HttpsDepotServer>
{
    [Fact]
    public async Task Over_https_the_unlock_cookie_is_secure_and_prefixed()
    {
        using var owner = await new TestAccounts(() => server.CreateTlsClient(_ => { }), "tls").CreateUserAsync();
        using var anonymous = server.CreateTlsClient(_ => { });
        await owner.Http.PutFileAsync("/s.txt", "over tls");
        var link = await owner.Http.LinkOkAsync("/s.txt", password: "tls password");

        using var unlocked = await anonymous.UnlockAsync(link.Token, "tls password");
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        var attributes = Assert.Single(unlocked.Headers.GetValues("Set-Cookie")).Split(';', StringSplitOptions.TrimEntries);
        Assert.StartsWith("__Secure-depot-link=", attributes[0], StringComparison.Ordinal);
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Equal("over tls", await (await anonymous.SendAsync(Accepting(link.Url, "*/*", attributes[0]))).Content.ReadAsStringAsync());
    }
}
