using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Admin;
using Depot.Server.Tests.Audit;
using Depot.Server.Tests.Dav;
using Depot.Testing;
using static Depot.Server.Tests.Accounts.TwoFactorRest;

namespace Depot.Server.Tests.Accounts;

/// <summary>
/// The admins' requirement (a server-wide setting, so this class has its own server): a session of an account that must
/// enrol reaches only its account, enrolment and sign-out until it has; tokens made before keep working.
/// </summary>
public sealed class TwoFactorPolicyTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Requiring_two_factor_confines_new_sessions_to_enrolment_until_it_is_on()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var user = await server.CreateUserAsync();   // its token predates the requirement
        Assert.Equal("optional", (await admin.GetFromJsonAsync("/api/v1/settings/two-factor", DepotJsonContext.Default.TwoFactorSettings))!.Require);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutRequirementAsync(user.Http, "everyone")).StatusCode);
        using var invalid = await PutRequirementAsync(admin, "sometimes");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        using var set = await PutRequirementAsync(admin, "everyone");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/v1/folders/")).StatusCode);

            using var signedIn = await SignInAsync(server, user.Username, user.Password, null);
            var token = (await signedIn.Content.ReadFromJsonAsync(DepotJsonContext.Default.TokenResponse))!.Token;
            using var session = server.CreateHttpClient(token);
            var me = (await session.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo))!;
            Assert.True(me.TwoFactorRequired);
            Assert.False(me.TwoFactorEnabled);
            using var blocked = await session.GetAsync("/api/v1/folders/");
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            Assert.Equal(ErrorCodes.TwoFactorEnrolmentRequired, await ErrorCodeAsync(blocked));
            // Nor may WebDAV take the account password of an account that must use two factors.
            using var dav = DavSession.For(server, user);
            Assert.Equal(HttpStatusCode.Unauthorized, (await dav.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).StatusCode);

            var (secret, _) = await EnrolAsync(new TestUser(user.Username, user.Password, token, session));
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/v1/folders/")).StatusCode);
            using var withCode = await SignInAsync(server, user.Username, user.Password, NextCode(secret));
            Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
            // Required, it cannot be turned off by the user (an admin's reset can).
            using var disable = await session.PostAsJsonAsync("/api/v1/me/two-factor/disable",
                new Depot.Protocol.Auth.DisableTwoFactorRequest(user.Password, CodeNow(secret)), DepotJsonContext.Default.DisableTwoFactorRequest);
            Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);

            var events = await AuditReader.ReadAllAsync(admin, "action=settings.two_factor");
            Assert.Contains(events, e => e.Action == "settings.two_factor" && e.Actor == "admin");
        }
        finally
        {
            using var reset = await PutRequirementAsync(admin, "optional");
        }
    }

    [Fact]
    public async Task Requiring_it_of_admins_leaves_other_accounts_alone()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var set = await PutRequirementAsync(admin, "admins");
        try
        {
            using var user = await server.CreateUserAsync();
            using var other = await server.CreateUserAsync(isAdmin: true);
            var userMe = (await user.Http.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo))!;
            Assert.False(userMe.TwoFactorRequired);
            Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/v1/folders/")).StatusCode);
            using var blocked = await other.Http.GetAsync("/api/v1/folders/");
            Assert.Equal(ErrorCodes.TwoFactorEnrolmentRequired, await ErrorCodeAsync(blocked));
        }
        finally
        {
            using var reset = await PutRequirementAsync(admin, "optional");
        }
    }

    private static Task<HttpResponseMessage> PutRequirementAsync(HttpClient http, string require) =>
        http.PutAsJsonAsync("/api/v1/settings/two-factor", new TwoFactorSettings(require), DepotJsonContext.Default.TwoFactorSettings);
}
