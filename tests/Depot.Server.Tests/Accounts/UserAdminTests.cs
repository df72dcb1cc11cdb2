using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Users;
using Depot.Testing;

namespace Depot.Server.Tests.Accounts;

public sealed class UserAdminTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Non_admin_cannot_manage_users()
    {
        using var alice = await server.CreateUserAsync();
        using var list = await alice.Http.GetAsync("/api/v1/users");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var create = await alice.Http.PostAsJsonAsync("/api/v1/users", new CreateUserRequest("mallory", "password-123456"),
            DepotJsonContext.Default.CreateUserRequest);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_revokes_their_tokens_and_blocks_sign_in()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();

        using var disable = await admin.PatchAsJsonAsync($"/api/v1/users/{alice.Username}", new UpdateUserRequest(Disabled: true),
            DepotJsonContext.Default.UpdateUserRequest);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.Http.GetAsync("/api/v1/me")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => server.SignInAsync(alice.Username, alice.Password));

        using var enable = await admin.PatchAsJsonAsync($"/api/v1/users/{alice.Username}", new UpdateUserRequest(Disabled: false),
            DepotJsonContext.Default.UpdateUserRequest);
        Assert.StartsWith("dpt_", await server.SignInAsync(alice.Username, alice.Password));
    }

    [Fact]
    public async Task Reset_password_and_quota_and_delete()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();

        using var reset = await admin.PutAsJsonAsync($"/api/v1/users/{alice.Username}/password", new SetPasswordRequest("reset-password-42"),
            DepotJsonContext.Default.SetPasswordRequest);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.Http.GetAsync("/api/v1/me")).StatusCode);

        using var quota = await admin.PutAsJsonAsync($"/api/v1/users/{alice.Username}/quota", new SetQuotaRequest(1_000_000),
            DepotJsonContext.Default.SetQuotaRequest);
        var info = await quota.Content.ReadFromJsonAsync(DepotJsonContext.Default.UserInfo);
        Assert.Equal(1_000_000, info!.QuotaBytes);

        using var delete = await admin.DeleteAsync($"/api/v1/users/{alice.Username}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/users/{alice.Username}")).StatusCode);
    }

    [Fact]
    public async Task Bad_usernames_weak_passwords_and_duplicates_are_refused_with_codes()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        await AssertRefusedAsync(admin, new CreateUserRequest("../etc", "long-enough-password"), ErrorCodes.InvalidRequest);
        await AssertRefusedAsync(admin, new CreateUserRequest("shorty", "short"), ErrorCodes.WeakPassword);
        await AssertRefusedAsync(admin, new CreateUserRequest("ADMIN", "long-enough-password"), ErrorCodes.UserExists);
    }

    [Fact]
    public async Task Demoting_or_deleting_a_user_takes_effect_on_their_very_next_request()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        using (var promote = await admin.PatchAsJsonAsync($"/api/v1/users/{alice.Username}", new UpdateUserRequest(IsAdmin: true),
            DepotJsonContext.Default.UpdateUserRequest))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        }

        // Twice: the second request is answered from the token cache, which must not outlive the demotion.
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.GetAsync("/api/v1/users")).StatusCode);
        using (var demote = await admin.PatchAsJsonAsync($"/api/v1/users/{alice.Username}", new UpdateUserRequest(IsAdmin: false),
            DepotJsonContext.Default.UpdateUserRequest))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.GetAsync("/api/v1/me")).StatusCode);
        using (var delete = await admin.DeleteAsync($"/api/v1/users/{alice.Username}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.Http.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_disabled()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var response = await admin.PatchAsJsonAsync("/api/v1/users/admin", new UpdateUserRequest(Disabled: true),
            DepotJsonContext.Default.UpdateUserRequest);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(ErrorCodes.LastAdmin, await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertRefusedAsync(HttpClient admin, CreateUserRequest request, string code)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/users", request, DepotJsonContext.Default.CreateUserRequest);
        Assert.False(response.IsSuccessStatusCode);
        Assert.Contains($"\"code\":\"{code}\"", await response.Content.ReadAsStringAsync());
    }
}
