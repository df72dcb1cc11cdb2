using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Server.Tests.Audit;
using Depot.Testing;
using static Depot.Server.Tests.Accounts.PasskeyRest;
using static Depot.Server.Tests.Accounts.TwoFactorRest;

namespace Depot.Server.Tests.Accounts;

/// <summary>Passkeys over the API: adding, passwordless and second-factor sign-in, and every refusal with its stable code.</summary>
public sealed class PasskeyTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_passkey_added_signs_in_without_a_username_is_listed_with_its_last_use_and_audited()
    {
        using var alice = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        var added = await AddAsync(server, alice, key, "  Work laptop ");
        Assert.Equal("Work laptop", added.Name);
        Assert.Null(added.LastUsedAt);

        using var browser = server.CreateHttpClient();
        var ceremony = await BeginSignInAsync(browser);
        Assert.Equal("required", ceremony.Options.GetProperty("userVerification").GetString());
        Assert.Equal(0, ceremony.Options.TryGetProperty("allowCredentials", out var allowed) ? allowed.GetArrayLength() : 0);
        using var signedIn = await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, Origin(server)));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(alice.Username, (await signedIn.Content.ReadFromJsonAsync(DepotJsonContext.Default.SessionResponse))!.Username);
        // The session cookie came back with the answer: the same client is now signed in.
        Assert.Equal(alice.Username, (await browser.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo))!.Username);

        Assert.NotNull(Assert.Single(await ListAsync(alice)).LastUsedAt);
        var events = await AuditReader.ReadAllAsync(alice.Http, "action=auth.sign_in");
        Assert.Contains(events, e => e.Details?.GetValueOrDefault("method") == "passkey");
        Assert.Contains(await AuditReader.ReadAllAsync(alice.Http, "action=passkey.add"), e => e.Details?.GetValueOrDefault("name") == "Work laptop");
    }

    [Fact]
    public async Task A_challenge_is_single_use_and_an_unknown_one_is_refused()
    {
        using var bob = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        await AddAsync(server, bob, key);
        using var browser = server.CreateHttpClient();

        var ceremony = await BeginSignInAsync(browser);
        using var unknown = await FinishSignInAsync(browser, "no-such-challenge", key.Get(ceremony.Options, Origin(server)));
        await AssertProblemAsync(unknown, HttpStatusCode.BadRequest, ErrorCodes.InvalidPasskeyChallenge);

        var assertion = key.Get(ceremony.Options, Origin(server));
        using var first = await FinishSignInAsync(browser, ceremony.ChallengeId, assertion);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var replayed = await FinishSignInAsync(browser, ceremony.ChallengeId, assertion);
        await AssertProblemAsync(replayed, HttpStatusCode.BadRequest, ErrorCodes.InvalidPasskeyChallenge);

        // A registration's challenge does not sign in, and a sign-in's does not register.
        var registration = await BeginRegistrationAsync(bob);
        using var crossed = await FinishSignInAsync(browser, registration.ChallengeId, key.Get(ceremony.Options, Origin(server)));
        await AssertProblemAsync(crossed, HttpStatusCode.BadRequest, ErrorCodes.InvalidPasskeyChallenge);
    }

    [Fact]
    public async Task An_unknown_credential_a_wrong_origin_and_a_counter_that_goes_back_are_refused()
    {
        using var carol = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        await AddAsync(server, carol, key);
        using var stranger = new SoftPasskey();
        using var browser = server.CreateHttpClient();

        var ceremony = await BeginSignInAsync(browser);
        using var unknown = await FinishSignInAsync(browser, ceremony.ChallengeId, stranger.Get(ceremony.Options, Origin(server)));
        await AssertProblemAsync(unknown, HttpStatusCode.Unauthorized, ErrorCodes.InvalidPasskey);

        ceremony = await BeginSignInAsync(browser);
        using var phished = await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, "https://depot.example.net"));
        await AssertProblemAsync(phished, HttpStatusCode.Unauthorized, ErrorCodes.InvalidPasskey);

        ceremony = await BeginSignInAsync(browser);
        using var good = await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, Origin(server)));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);

        key.Counter = 0;   // a clone of the authenticator, made before that sign-in
        ceremony = await BeginSignInAsync(browser);
        using var cloned = await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, Origin(server)));
        await AssertProblemAsync(cloned, HttpStatusCode.Unauthorized, ErrorCodes.InvalidPasskey);

        // Fido2 refuses the stale counter itself; the store's conditional update (PasskeyStoreTests) settles a race between nodes.
        var failures = await AuditReader.ReadAllAsync(carol.Http, "action=auth.sign_in_failed");
        Assert.Equal(2, failures.Count(e => e.Details?.GetValueOrDefault("reason") is "passkey_invalid" or "passkey_counter"));
    }

    [Fact]
    public async Task With_a_passkey_the_password_alone_is_not_enough_and_the_passkey_is_the_second_factor()
    {
        using var dave = await server.CreateUserAsync();
        using var erin = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        using var erinsKey = new SoftPasskey();
        await AddAsync(server, dave, key);
        await AddAsync(server, erin, erinsKey);

        using var passwordOnly = await SignInAsync(server, dave.Username, dave.Password, null);
        await AssertProblemAsync(passwordOnly, HttpStatusCode.Unauthorized, ErrorCodes.TwoFactorRequired);

        using var browser = server.CreateHttpClient();
        using var wrongPassword = await BeginSecondFactorAsync(browser, dave.Username, "not-the-password");
        await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);

        using var begun = await BeginSecondFactorAsync(browser, dave.Username, dave.Password);
        var ceremony = (await begun.Content.ReadFromJsonAsync(DepotJsonContext.Default.PasskeyCeremonyResponse))!;
        Assert.False(ceremony.CodeAccepted);
        var allowed = ceremony.Options.GetProperty("allowCredentials").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal([key.CredentialId], allowed);

        // Another account's passkey does not complete dave's sign-in, even a valid one.
        using var someoneElses = await FinishSignInAsync(browser, ceremony.ChallengeId, erinsKey.Get(ceremony.Options, Origin(server)));
        await AssertProblemAsync(someoneElses, HttpStatusCode.Unauthorized, ErrorCodes.InvalidPasskey);

        using var again = await BeginSecondFactorAsync(browser, dave.Username, dave.Password);
        ceremony = (await again.Content.ReadFromJsonAsync(DepotJsonContext.Default.PasskeyCeremonyResponse))!;
        using var signedIn = await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, Origin(server)));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        // An account without a passkey has nothing to offer here.
        using var frank = await server.CreateUserAsync();
        using var none = await BeginSecondFactorAsync(browser, frank.Username, frank.Password);
        await AssertProblemAsync(none, HttpStatusCode.NotFound, ErrorCodes.PasskeyNotFound);
    }

    [Fact]
    public async Task Another_users_passkey_cannot_be_renamed_or_removed_and_removal_asks_for_the_password()
    {
        using var grace = await server.CreateUserAsync();
        using var heidi = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        var passkey = await AddAsync(server, grace, key);

        using var renamedByOther = await heidi.Http.PatchAsJsonAsync($"/api/v1/me/passkeys/{passkey.Id}", new RenamePasskeyRequest("mine"),
            DepotJsonContext.Default.RenamePasskeyRequest);
        await AssertProblemAsync(renamedByOther, HttpStatusCode.NotFound, ErrorCodes.PasskeyNotFound);
        using var removedByOther = await RemoveAsync(heidi, passkey.Id, heidi.Password);
        await AssertProblemAsync(removedByOther, HttpStatusCode.NotFound, ErrorCodes.PasskeyNotFound);

        using var renamed = await grace.Http.PatchAsJsonAsync($"/api/v1/me/passkeys/{passkey.Id}", new RenamePasskeyRequest("Phone"),
            DepotJsonContext.Default.RenamePasskeyRequest);
        Assert.Equal("Phone", (await renamed.Content.ReadFromJsonAsync(DepotJsonContext.Default.PasskeyInfo))!.Name);

        using var wrongPassword = await RemoveAsync(grace, passkey.Id, "not-the-password");
        await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        using var removed = await RemoveAsync(grace, passkey.Id, grace.Password);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await ListAsync(grace));

        // Gone, it signs in no more, and the password alone does again.
        using var browser = server.CreateHttpClient();
        var ceremony = await BeginSignInAsync(browser);
        using var refused = await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, Origin(server)));
        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, ErrorCodes.InvalidPasskey);
        using var password = await SignInAsync(server, grace.Username, grace.Password, null);
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
    }

    [Fact]
    public async Task A_registration_answer_that_does_not_match_its_challenge_is_refused()
    {
        using var ivan = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        var first = await BeginRegistrationAsync(ivan);
        var second = await BeginRegistrationAsync(ivan);

        using var mismatched = await FinishRegistrationAsync(ivan, second.ChallengeId, "Key", key.Create(first.Options, Origin(server)));
        await AssertProblemAsync(mismatched, HttpStatusCode.BadRequest, ErrorCodes.PasskeyRegistrationFailed);
        using var reused = await FinishRegistrationAsync(ivan, second.ChallengeId, "Key", key.Create(second.Options, Origin(server)));
        await AssertProblemAsync(reused, HttpStatusCode.BadRequest, ErrorCodes.InvalidPasskeyChallenge);

        // Another user's ceremony cannot be finished by this one.
        using var judy = await server.CreateUserAsync();
        var judys = await BeginRegistrationAsync(judy);
        using var stolen = await FinishRegistrationAsync(ivan, judys.ChallengeId, "Key", key.Create(judys.Options, Origin(server)));
        await AssertProblemAsync(stolen, HttpStatusCode.BadRequest, ErrorCodes.InvalidPasskeyChallenge);
        Assert.Empty(await ListAsync(ivan));
    }

    [Fact]
    public async Task Regenerated_recovery_codes_replace_the_old_ones_and_need_the_password_and_a_code()
    {
        using var kim = await server.CreateUserAsync();
        var (secret, oldCodes) = await EnrolAsync(kim);

        using var wrong = await RegenerateAsync(kim, kim.Password, "000000");
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        using var withRecoveryCode = await RegenerateAsync(kim, kim.Password, oldCodes[0]);
        await AssertProblemAsync(withRecoveryCode, HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);

        using var regenerated = await RegenerateAsync(kim, kim.Password, NextCode(secret));
        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        var newCodes = (await regenerated.Content.ReadFromJsonAsync(DepotJsonContext.Default.RecoveryCodesResponse))!.RecoveryCodes;
        Assert.Equal(10, newCodes.Distinct().Count());
        Assert.Empty(newCodes.Intersect(oldCodes));

        using var old = await SignInAsync(server, kim.Username, kim.Password, oldCodes[1]);
        await AssertProblemAsync(old, HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        using var fresh = await SignInAsync(server, kim.Username, kim.Password, newCodes[1]);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Contains(await AuditReader.ReadAllAsync(kim.Http, "action=two_factor.*"), e => e.Action == "two_factor.recovery_regenerate");
    }

    [Fact]
    public async Task A_passkey_satisfies_an_admins_two_factor_requirement()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var lee = await server.CreateUserAsync();
        using var mia = await server.CreateUserAsync();
        using var key = new SoftPasskey();
        await AddAsync(server, lee, key);
        (await admin.PutAsJsonAsync("/api/v1/settings/two-factor", new Depot.Protocol.Admin.TwoFactorSettings("everyone"),
            DepotJsonContext.Default.TwoFactorSettings)).EnsureSuccessStatusCode();
        try
        {
            // Signed in after the requirement: without a second factor only enrolment is open; with a passkey, everything.
            using var browser = server.CreateHttpClient();
            var ceremony = await BeginSignInAsync(browser);
            (await FinishSignInAsync(browser, ceremony.ChallengeId, key.Get(ceremony.Options, Origin(server)))).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me/tokens")).StatusCode);

            using var signedIn = await SignInAsync(server, mia.Username, mia.Password, null);
            var token = (await signedIn.Content.ReadFromJsonAsync(DepotJsonContext.Default.TokenResponse))!.Token;
            using var session = server.CreateHttpClient(token);
            using var gated = await session.GetAsync("/api/v1/me/tokens");
            await AssertProblemAsync(gated, HttpStatusCode.Forbidden, ErrorCodes.TwoFactorEnrolmentRequired);
            // A passkey is a way to enrol: the registration endpoints are open to that session.
            Assert.Equal(HttpStatusCode.OK, (await session.PostAsync("/api/v1/me/passkeys/registration", null)).StatusCode);

            // The last passkey of an account the admin requires two-factor of cannot be removed by its owner.
            var only = Assert.Single(await ListAsync(lee));
            using var refused = await RemoveAsync(lee, only.Id, lee.Password);
            await AssertProblemAsync(refused, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        }
        finally
        {
            (await admin.PutAsJsonAsync("/api/v1/settings/two-factor", new Depot.Protocol.Admin.TwoFactorSettings("optional"),
                DepotJsonContext.Default.TwoFactorSettings)).EnsureSuccessStatusCode();
        }
    }

    private static Task<HttpResponseMessage> RemoveAsync(TestUser user, string id, string password) =>
        user.Http.PostAsJsonAsync($"/api/v1/me/passkeys/{id}/remove", new RemovePasskeyRequest(password), DepotJsonContext.Default.RemovePasskeyRequest);

    private static Task<HttpResponseMessage> RegenerateAsync(TestUser user, string password, string code) =>
        user.Http.PostAsJsonAsync("/api/v1/me/two-factor/recovery-codes", new RegenerateRecoveryCodesRequest(password, code),
            DepotJsonContext.Default.RegenerateRecoveryCodesRequest);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await ErrorCodeAsync(response));
    }
}
