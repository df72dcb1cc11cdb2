using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Server.Tests.Hosting;
using Depot.Testing;

namespace Depot.Server.Tests.Web;

public sealed class SessionCookieTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Cookie_session_needs_the_antiforgery_token_for_writes_and_bearer_does_not()
    {
        using var user = await server.CreateUserAsync();
        using var http = server.CreateHttpClient();
        var session = await SignInAsync(http, user);

        using var read = Send(HttpMethod.Get, "/api/v1/me", session);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(read)).StatusCode);

        using var forged = Send(HttpMethod.Post, "/api/v1/folders/forged", session);
        using var refused = await http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(ErrorCodes.AntiforgeryFailed, await refused.Content.ReadAsStringAsync());

        using var tokenRequest = Send(HttpMethod.Get, "/api/v1/auth/antiforgery", session);
        using var tokenResponse = await http.SendAsync(tokenRequest);
        var token = await tokenResponse.Content.ReadFromJsonAsync(DepotJsonContext.Default.AntiforgeryToken);
        var csrfCookie = Cookie(tokenResponse, "depot-csrf");
        using var genuine = Send(HttpMethod.Post, "/api/v1/folders/genuine", session + "; " + csrfCookie);
        genuine.Headers.Add(token!.HeaderName, token.Token);
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(genuine)).StatusCode);

        using var bearer = await user.Http.PostAsync("/api/v1/folders/by-bearer", null);
        Assert.Equal(HttpStatusCode.Created, bearer.StatusCode);
    }

    [Fact]
    public async Task Web_sessions_are_listed_and_signing_out_revokes_the_cookie()
    {
        using var user = await server.CreateUserAsync();
        using var http = server.CreateHttpClient();
        var session = await SignInAsync(http, user);

        var tokens = await user.Http.GetFromJsonAsync("/api/v1/me/tokens", DepotJsonContext.Default.IReadOnlyListTokenInfo);
        Assert.Contains(tokens!, t => t.Kind == TokenKinds.Web);

        using var tokenRequest = Send(HttpMethod.Get, "/api/v1/auth/antiforgery", session);
        using var tokenResponse = await http.SendAsync(tokenRequest);
        var token = await tokenResponse.Content.ReadFromJsonAsync(DepotJsonContext.Default.AntiforgeryToken);
        using var signOut = Send(HttpMethod.Delete, "/api/v1/auth/session", session + "; " + Cookie(tokenResponse, "depot-csrf"));
        signOut.Headers.Add(token!.HeaderName, token.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(signOut)).StatusCode);

        using var after = Send(HttpMethod.Get, "/api/v1/me", session);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(after)).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_sets_no_cookie()
    {
        using var user = await server.CreateUserAsync();
        using var http = server.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/api/v1/auth/session", new TokenRequest(user.Username, "wrong"), DepotJsonContext.Default.TokenRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    private static async Task<string> SignInAsync(HttpClient http, TestUser user)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/session", new TokenRequest(user.Username, user.Password), DepotJsonContext.Default.TokenRequest);
        response.EnsureSuccessStatusCode();
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), h => h.StartsWith("depot-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("dpt_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return header.Split(';')[0];
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), h => h.StartsWith(name + "=", StringComparison.Ordinal)).Split(';')[0];

    private static HttpRequestMessage Send(HttpMethod method, string url, string cookies)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", cookies);
        return request;
    }
}

public sealed class HttpsSessionCookieTests(HttpsDepotServer server) : IClassFixture<HttpsDepotServer>
{
    [Fact]
    public async Task Over_https_the_cookie_is_host_prefixed_and_secure()
    {
        using var http = server.CreateTlsClient(_ => { });
        using var response = await http.PostAsJsonAsync("/api/v1/auth/session", new TokenRequest("admin", DepotServer.AdminPassword),
            DepotJsonContext.Default.TokenRequest);
        response.EnsureSuccessStatusCode();
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-depot-session=", header, StringComparison.Ordinal);
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", header, StringComparison.OrdinalIgnoreCase);
    }
}
