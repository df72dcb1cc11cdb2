using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Server.Tests.Audit;
using Depot.Server.Tests.Dav;
using Depot.Testing;
using static Depot.Server.Tests.Accounts.TwoFactorRest;

namespace Depot.Server.Tests.Accounts;

/// <summary>TOTP enrolment, sign-in with a code, replay, recovery codes, throttling, disabling and an admin's reset.</summary>
public sealed class TwoFactorSignInTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Enrolment_shows_a_qr_code_and_turns_on_only_with_a_right_code()
    {
        using var alice = await server.CreateUserAsync();
        using var started = await alice.Http.PostAsync("/api/v1/me/two-factor", null);
        var setup = (await started.Content.ReadFromJsonAsync(DepotJsonContext.Default.TwoFactorSetup))!;
        Assert.StartsWith("otpauth://totp/Depot:", setup.Uri, StringComparison.Ordinal);
        Assert.Contains("secret=" + setup.Secret, setup.Uri, StringComparison.Ordinal);

        using var qr = await alice.Http.GetAsync(setup.QrCodeUrl);
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", qr.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("<svg", (await qr.Content.ReadAsStringAsync()).TrimStart()[..4], StringComparison.Ordinal);

        using var wrong = await alice.Http.PostAsJsonAsync("/api/v1/me/two-factor/confirm", new ConfirmTwoFactorRequest("000000"),
            DepotJsonContext.Default.ConfirmTwoFactorRequest);
        Assert.Equal(ErrorCodes.InvalidTwoFactorCode, await ErrorCodeAsync(wrong));
        Assert.False((await StatusAsync(alice)).Enabled);

        using var right = await alice.Http.PostAsJsonAsync("/api/v1/me/two-factor/confirm", new ConfirmTwoFactorRequest(CodeNow(setup.Secret)),
            DepotJsonContext.Default.ConfirmTwoFactorRequest);
        var codes = (await right.Content.ReadFromJsonAsync(DepotJsonContext.Default.RecoveryCodesResponse))!.RecoveryCodes;
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$", c));
        Assert.Equal(new TwoFactorStatus(true, false, false, 10), await StatusAsync(alice));
        Assert.True((await alice.Http.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo))!.TwoFactorEnabled);

        // On, it cannot be started again (that would replace the key without the old factor).
        using var again = await alice.Http.PostAsync("/api/v1/me/two-factor", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Sign_in_asks_for_the_code_accepts_it_once_and_refuses_its_replay()
    {
        using var bob = await server.CreateUserAsync();
        var (secret, _) = await EnrolAsync(bob);

        using var noCode = await SignInAsync(server, bob.Username, bob.Password, null);
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.Equal(ErrorCodes.TwoFactorRequired, await ErrorCodeAsync(noCode));

        var code = NextCode(secret);
        using var signedIn = await SignInAsync(server, bob.Username, bob.Password, code);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var token = (await signedIn.Content.ReadFromJsonAsync(DepotJsonContext.Default.TokenResponse))!.Token;
        using var session = server.CreateHttpClient(token);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/v1/me")).StatusCode);

        // The same code again (an observer's replay within its 30 seconds) is refused, as is the code the enrolment used.
        using var replay = await SignInAsync(server, bob.Username, bob.Password, code);
        Assert.Equal(ErrorCodes.InvalidTwoFactorCode, await ErrorCodeAsync(replay));
        using var old = await SignInAsync(server, bob.Username, bob.Password, CodeNow(secret));
        Assert.Equal(ErrorCodes.InvalidTwoFactorCode, await ErrorCodeAsync(old));

        // A code never reaches the check with a wrong password: the password is refused first, as without 2FA.
        using var wrongPassword = await SignInAsync(server, bob.Username, "not-the-password", code);
        Assert.Equal(ErrorCodes.InvalidCredentials, await ErrorCodeAsync(wrongPassword));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_in_any_case_and_is_audited()
    {
        using var carol = await server.CreateUserAsync();
        var (_, codes) = await EnrolAsync(carol);

        using var first = await SignInAsync(server, carol.Username, carol.Password, codes[3].ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await SignInAsync(server, carol.Username, carol.Password, codes[3]);
        Assert.Equal(ErrorCodes.InvalidTwoFactorCode, await ErrorCodeAsync(second));
        Assert.Equal(9, (await StatusAsync(carol)).RecoveryCodesLeft);

        var events = await AuditReader.ReadAllAsync(carol.Http, "action=two_factor.*");
        Assert.Contains(events, e => e.Action == "two_factor.recovery_used");
        Assert.Contains(events, e => e.Action == "two_factor.enable");
    }

    [Fact]
    public async Task Wrong_codes_are_throttled_like_wrong_passwords_even_for_the_right_code()
    {
        using var dave = await server.CreateUserAsync();
        var (secret, _) = await EnrolAsync(dave);
        for (var i = 0; i < 6; i++)
        {
            using var wrong = await SignInAsync(server, dave.Username, dave.Password, i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var blocked = await SignInAsync(server, dave.Username, dave.Password, NextCode(secret));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(ErrorCodes.TooManyAttempts, await ErrorCodeAsync(blocked));
        Assert.NotNull(blocked.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Disabling_needs_the_password_and_a_code()
    {
        using var erin = await server.CreateUserAsync();
        var (secret, _) = await EnrolAsync(erin);
        using var noCode = await PostDisableAsync(erin, erin.Password, "123456");
        Assert.Equal(ErrorCodes.InvalidCredentials, await ErrorCodeAsync(noCode));
        using var noPassword = await PostDisableAsync(erin, "not-the-password", NextCode(secret));
        Assert.Equal(ErrorCodes.InvalidCredentials, await ErrorCodeAsync(noPassword));
        Assert.True((await StatusAsync(erin)).Enabled);

        using var disabled = await PostDisableAsync(erin, erin.Password, NextCode(secret));
        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        Assert.False((await StatusAsync(erin)).Enabled);
        using var plain = await SignInAsync(server, erin.Username, erin.Password, null);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task An_admin_resets_a_users_two_factor_and_the_reset_is_audited()
    {
        using var frank = await server.CreateUserAsync();
        await EnrolAsync(frank);
        using var admin = await server.CreateAdminHttpClientAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await frank.Http.DeleteAsync($"/api/v1/users/{frank.Username}/two-factor")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{frank.Username}/two-factor")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/v1/users/{frank.Username}/two-factor")).StatusCode);
        using var plain = await SignInAsync(server, frank.Username, frank.Password, null);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        var reset = Assert.Single(await AuditReader.ReadAllAsync(frank.Http, "action=two_factor.reset"));
        Assert.Equal("admin", reset.Actor);
    }

    [Fact]
    public async Task Webdav_refuses_the_account_password_once_two_factor_is_on_and_app_passwords_and_tokens_keep_working()
    {
        using var gina = await server.CreateUserAsync();
        using var created = await gina.Http.PostAsJsonAsync("/api/v1/me/app-passwords", new CreateAppPasswordRequest("Finder"),
            DepotJsonContext.Default.CreateAppPasswordRequest);
        var appPassword = (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedAppPassword))!.Password;
        using (var before = DavSession.For(server, gina))
        {
            Assert.Equal(HttpStatusCode.Created, (await before.PutAsync("/dav/before.txt", "x")).StatusCode);
        }

        await EnrolAsync(gina);

        using var withPassword = DavSession.For(server, gina);
        using var refused = await withPassword.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var device = new DavSession(server, gina.Username, appPassword);
        Assert.Equal(HttpStatusCode.Created, (await device.PutAsync("/dav/after.txt", "y")).StatusCode);
        // The bearer token from before (a script's) still works for the API and WebDAV.
        Assert.Equal(HttpStatusCode.OK, (await gina.Http.GetAsync("/api/v1/me")).StatusCode);
        using var propfind = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/");
        propfind.Headers.Add("Depth", "0");
        Assert.Equal(207, (int)(await gina.Http.SendAsync(propfind)).StatusCode);
    }

    private static async Task<TwoFactorStatus> StatusAsync(TestUser user) =>
        (await user.Http.GetFromJsonAsync("/api/v1/me/two-factor", DepotJsonContext.Default.TwoFactorStatus))!;

    private static Task<HttpResponseMessage> PostDisableAsync(TestUser user, string password, string code) =>
        user.Http.PostAsJsonAsync("/api/v1/me/two-factor/disable", new DisableTwoFactorRequest(password, code),
            DepotJsonContext.Default.DisableTwoFactorRequest);
}
