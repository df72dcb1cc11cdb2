using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.Server.Tests.Accounts;

public sealed class ThrottlingTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Repeated_wrong_passwords_are_throttled_with_retry_after_even_for_the_right_password()
    {
        using var alice = await server.CreateUserAsync();
        for (var i = 0; i < 6; i++)
        {
            using var wrong = await PostTokenAsync(alice.Username, "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var blocked = await PostTokenAsync(alice.Username, alice.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter?.Delta);
        Assert.Contains(ErrorCodes.TooManyAttempts, await blocked.Content.ReadAsStringAsync());

        // The back-off is short at first: after it passes, the right password works and resets the account's count.
        await Task.Delay(blocked.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(200));
        using var allowed = await PostTokenAsync(alice.Username, alice.Password);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private async Task<HttpResponseMessage> PostTokenAsync(string username, string password)
    {
        using var http = server.CreateHttpClient();
        return await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password), DepotJsonContext.Default.TokenRequest);
    }
}
