using System.Net;
using Depot.Protocol;
using Depot.Testing;
using static Depot.Server.Tests.Accounts.PasskeyRest;
using static Depot.Server.Tests.Accounts.TwoFactorRest;

namespace Depot.Server.Tests.Accounts;

/// <summary>
/// Refused passkeys count on the same throttle as wrong passwords. A server of its own: the failures here would
/// otherwise put the shared test address into back-off for other classes.
/// </summary>
public sealed class PasskeyThrottleTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Refused_passkeys_lock_the_account_for_passwords_and_passkeys_alike()
    {
        using var nina = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        await AddAsync(server, nina, key);
        using var browser = server.CreateHttpClient();

        // Five failures are free per account (ThrottleOptions); the sixth starts the back-off.
        for (var i = 0; i < 6; i++)
        {
            var ceremony = await BeginSignInAsync(browser);
            using var refused = await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, "https://phish.example"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var password = await SignInAsync(server, nina.Username, nina.Password, null);
        Assert.Equal(HttpStatusCode.TooManyRequests, password.StatusCode);
        Assert.Equal(ErrorCodes.TooManyAttempts, await ErrorCodeAsync(password));

        var next = await BeginSignInAsync(browser);
        using var good = await FinishSignInAsync(browser, next.ChallengeId, key.Get(next.Options, Origin(server)));
        Assert.Equal(HttpStatusCode.TooManyRequests, good.StatusCode);
        Assert.NotNull(good.Headers.RetryAfter);
    }
}
