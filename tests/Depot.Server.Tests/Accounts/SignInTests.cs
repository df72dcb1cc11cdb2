using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.Server.Tests.Accounts;

public sealed class SignInTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Unknown_user_and_wrong_password_answer_identically()
    {
        using var alice = await server.CreateUserAsync();
        var unknown = await PostTokenAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "whatever-password");
        var wrong = await PostTokenAsync(alice.Username, "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(unknown.Status, wrong.Status);
        Assert.Equal(ErrorCodes.InvalidCredentials, unknown.Code);
        Assert.Equal(unknown.Code, wrong.Code);
        Assert.Equal(unknown.Detail, wrong.Detail);
    }

    [Fact]
    public async Task Token_authenticates_and_logout_revokes_it()
    {
        using var alice = await server.CreateUserAsync();
        using var me = await alice.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var info = await me.Content.ReadFromJsonAsync(DepotJsonContext.Default.UserInfo);
        Assert.Equal(alice.Username, info!.Username);

        using var logout = await alice.Http.DeleteAsync("/api/v1/auth/token");
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await alice.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Missing_or_garbage_token_is_401_problem()
    {
        using var anonymous = server.CreateHttpClient();
        using var response = await anonymous.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        using var garbage = server.CreateHttpClient("dpt_not-a-real-token");
        using var rejected = await garbage.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Usernames_are_case_insensitive_at_sign_in()
    {
        using var alice = await server.CreateUserAsync();
        var token = await server.SignInAsync(alice.Username.ToUpperInvariant(), alice.Password);
        Assert.StartsWith("dpt_", token);
    }

    private async Task<(HttpStatusCode Status, string? Code, string? Detail)> PostTokenAsync(string username, string password)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password),
            DepotJsonContext.Default.TokenRequest);
        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), DepotJsonContext.Default.Problem);
        return (response.StatusCode, problem?.Code, problem?.Detail);
    }
}
