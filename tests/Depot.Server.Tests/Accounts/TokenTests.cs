using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;
using Depot.Testing;

namespace Depot.Server.Tests.Accounts;

public sealed class TokenTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Personal_token_works_until_revoked_and_its_secret_is_never_listed()
    {
        using var alice = await server.CreateUserAsync();
        using var created = await alice.Http.PostAsJsonAsync("/api/v1/me/tokens", new CreateTokenRequest("backup script", null),
            DepotJsonContext.Default.CreateTokenRequest);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedToken);

        using var script = server.CreateHttpClient(token!.Token);
        using (var me = await script.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        var listing = await alice.Http.GetStringAsync("/api/v1/me/tokens");
        Assert.DoesNotContain(token.Token, listing);
        Assert.Contains("backup script", listing);
        Assert.Contains("\"current\":true", listing);

        using var revoke = await alice.Http.DeleteAsync($"/api/v1/me/tokens/{token.Info.Id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await script.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Another_users_token_id_cannot_be_revoked()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        var aliceTokens = await alice.Http.GetFromJsonAsync("/api/v1/me/tokens", DepotJsonContext.Default.IReadOnlyListTokenInfo);

        using var attempt = await bob.Http.DeleteAsync($"/api/v1/me/tokens/{aliceTokens![0].Id}");
        Assert.Equal(HttpStatusCode.NotFound, attempt.StatusCode);
        using var stillIn = await alice.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task Changing_password_ends_other_sessions_but_keeps_this_one()
    {
        using var alice = await server.CreateUserAsync();
        using var otherDevice = server.CreateHttpClient(await server.SignInAsync(alice.Username, alice.Password));

        using var change = await alice.Http.PutAsJsonAsync("/api/v1/me/password",
            new ChangePasswordRequest(alice.Password, "a-brand-new-password"), DepotJsonContext.Default.ChangePasswordRequest);
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await alice.Http.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.GetAsync("/api/v1/me")).StatusCode);
        Assert.StartsWith("dpt_", await server.SignInAsync(alice.Username, "a-brand-new-password"));
    }
}
