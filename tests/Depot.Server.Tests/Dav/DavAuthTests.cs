using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>Who may use /dav: Basic with the password or an app password, bearer tokens; and whose tree they see.</summary>
public sealed class DavAuthTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Unauthenticated_requests_get_a_basic_challenge()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"Depot\", charset=\"UTF-8\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Wrong_password_is_401_and_bearer_tokens_work()
    {
        using var user = await server.CreateUserAsync();
        using var wrong = new DavSession(server, user.Username, "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).StatusCode);

        using var bearer = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/");
        bearer.Headers.Add("Depth", "0");
        using var response = await user.Http.SendAsync(bearer);
        Assert.Equal(207, (int)response.StatusCode);
    }

    [Fact]
    public async Task App_passwords_are_created_once_used_for_basic_and_revoked()
    {
        using var user = await server.CreateUserAsync();
        using var created = await user.Http.PostAsJsonAsync("/api/v1/me/app-passwords", new CreateAppPasswordRequest("Laptop Finder"),
            DepotJsonContext.Default.CreateAppPasswordRequest);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedAppPassword))!;
        Assert.Equal(user.Username, secret.Username);
        Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){4}$", secret.Password);

        var listed = await user.Http.GetFromJsonAsync("/api/v1/me/app-passwords", DepotJsonContext.Default.IReadOnlyListAppPasswordInfo);
        Assert.Equal("Laptop Finder", Assert.Single(listed!).Name);
        Assert.DoesNotContain(secret.Password, await user.Http.GetStringAsync("/api/v1/me/app-passwords"));

        using var device = new DavSession(server, user.Username, secret.Password.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.Created, (await device.PutAsync("/dav/from-device.txt", "hi")).StatusCode);

        // A device's secret is not an API token.
        using var asBearer = server.CreateHttpClient(secret.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asBearer.GetAsync("/api/v1/me")).StatusCode);
        // Nor someone else's: another user's name with this app password fails.
        using var other = await server.CreateUserAsync();
        using var borrowed = new DavSession(server, other.Username, secret.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await borrowed.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/api/v1/me/app-passwords/{secret.Info.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.DeleteAsync($"/api/v1/me/app-passwords/{secret.Info.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_password_change_takes_effect_at_once_despite_the_verification_cache()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        Assert.Equal(207, (int)(await dav.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).StatusCode);
        using var changed = await user.Http.PutAsJsonAsync("/api/v1/me/password",
            new Depot.Protocol.Users.ChangePasswordRequest(user.Password, "a-brand-new-password-1"), DepotJsonContext.Default.ChangePasswordRequest);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await dav.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).StatusCode);
        using var fresh = new DavSession(server, user.Username, "a-brand-new-password-1");
        Assert.Equal(207, (int)(await fresh.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).StatusCode);
    }

    [Fact]
    public async Task Basic_failures_are_throttled_like_sign_in()
    {
        using var user = await server.CreateUserAsync();
        using var wrong = new DavSession(server, user.Username, "guess");
        HttpStatusCode last = 0;
        for (var i = 0; i < 12 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var response = await wrong.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"));
            last = response.StatusCode;
            if (last == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }

    [Fact]
    public async Task Another_users_file_is_404_through_dav()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await alice.Http.PutAsync("/api/v1/files/secret.txt", new StringContent("alice's"));
        using var dav = DavSession.For(server, bob);
        Assert.Equal(HttpStatusCode.NotFound, (await dav.Http.GetAsync("/dav/secret.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dav.SendAsync("PROPFIND", "/dav/secret.txt", null, ("Depth", "0"))).StatusCode);
        var root = await dav.PropfindAsync("/dav/", "1");
        Assert.Single(DavSession.Responses(root));
        Assert.Equal(HttpStatusCode.NotFound, (await dav.SendAsync("DELETE", "/dav/secret.txt")).StatusCode);
    }

    [Fact]
    public async Task Basic_credentials_are_parsed_as_utf8()
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "%%%not-base64");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
        using var noColon = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/");
        noColon.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("nobody")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(noColon)).StatusCode);
    }
}
