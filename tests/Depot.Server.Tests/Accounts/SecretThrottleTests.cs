using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.Server.Tests.Accounts;

/// <summary>
/// Issue 9, point 6: the secret throttle slows failures and never refuses a valid secret. 127.0.0.1 is a trusted proxy
/// here, so each test acts from its own client address (X-Forwarded-For) and no other test's failures count.
/// </summary>
public sealed class SecretThrottleTests(SecretThrottleTests.ProxiedServer server) : IClassFixture<SecretThrottleTests.ProxiedServer>
{
    public sealed class ProxiedServer : DepotServer
    {
        protected override IEnumerable<string> ExtraArguments => ["--Depot:Proxy:TrustedProxies:0=127.0.0.1"];
    }

    [Fact]
    public async Task Guessed_bearer_tokens_never_lock_out_a_valid_token_from_the_same_address()
    {
        using var alice = await server.CreateUserAsync();
        const string address = "203.0.113.61";

        using var throttled = await GuessUntilThrottledAsync(address, i => Bearer("dpt_" + new string('x', 40) + i));
        Assert.NotNull(throttled.Headers.RetryAfter?.Delta);
        Assert.Contains(ErrorCodes.TooManyAttempts, await throttled.Content.ReadAsStringAsync());

        // The same address, right away, during the back-off: the valid token works, on REST and for every request.
        for (var i = 0; i < 3; i++)
        {
            using var valid = await SendAsync(address, HttpMethod.Get, "/api/v1/me", Bearer(alice.Token));
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        }

        // And a further guess is still refused with a wait, not answered 401 as if nothing was counted.
        using var again = await SendAsync(address, HttpMethod.Get, "/api/v1/me", Bearer("dpt_another-guess"));
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    [Fact]
    public async Task A_valid_app_password_works_over_webdav_while_its_address_is_in_back_off()
    {
        using var bob = await server.CreateUserAsync();
        var appPassword = await CreateAppPasswordAsync(bob);
        const string address = "203.0.113.62";

        using var _ = await GuessUntilThrottledAsync(address, i => Bearer("dpt_guess" + i));

        using var propfind = await SendAsync(address, new HttpMethod("PROPFIND"), "/dav/", Basic(bob.Username, appPassword), depth: "0");
        Assert.Equal(HttpStatusCode.MultiStatus, propfind.StatusCode);
    }

    [Fact]
    public async Task Guessed_app_passwords_over_webdav_are_throttled_like_every_secret()
    {
        using var carol = await server.CreateUserAsync();
        const string address = "203.0.113.63";

        // App-password-shaped guesses (five groups of five) are counted, as passwords are: the account and the address back off.
        using var throttled = await GuessUntilThrottledAsync(address,
            i => Basic(carol.Username, $"aaaaa-bbbbb-ccccc-ddddd-{i:00000}"), new HttpMethod("PROPFIND"), "/dav/");
        Assert.Contains(ErrorCodes.TooManyAttempts, await throttled.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> GuessUntilThrottledAsync(string address, Func<int, AuthenticationHeaderValue> guess,
        HttpMethod? method = null, string path = "/api/v1/me")
    {
        // Bounded: the free allowance per address is 20 failures; 60 guesses without a 429 is a failure of the throttle.
        for (var i = 0; i < 60; i++)
        {
            var response = await SendAsync(address, method ?? HttpMethod.Get, path, guess(i), depth: "0");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            response.Dispose();
        }

        throw new Xunit.Sdk.XunitException("60 wrong secrets from one address were never throttled");
    }

    private async Task<HttpResponseMessage> SendAsync(string address, HttpMethod method, string path, AuthenticationHeaderValue authorization,
        string? depth = null)
    {
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = authorization;
        request.Headers.Add("X-Forwarded-For", address);
        request.Headers.Add("X-Forwarded-Proto", "https"); // as from a TLS-terminating proxy: Basic is refused over plain HTTP
        if (depth is not null)
        {
            request.Headers.Add("Depth", depth);
        }

        return await http.SendAsync(request);
    }

    private async Task<string> CreateAppPasswordAsync(TestUser user)
    {
        using var created = await user.Http.PostAsJsonAsync("/api/v1/me/app-passwords", new CreateAppPasswordRequest("throttle test"),
            DepotJsonContext.Default.CreateAppPasswordRequest);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedAppPassword))!.Password;
    }

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
}
