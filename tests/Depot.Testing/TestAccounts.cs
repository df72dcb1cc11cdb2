using System.Net.Http.Headers;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;

namespace Depot.Testing;

/// <summary>
/// Accounts on a test server, over its public API: sign in, the bootstrap admin, and a fresh user per test.
/// Shared by the in-process <see cref="DepotServer"/> and the out-of-process <see cref="DepotProcess"/>.
/// </summary>
public sealed class TestAccounts(Func<HttpClient> createHttpClient, string usernamePrefix)
{
    /// <summary>The password the bootstrap admin gets on a test server's first start.</summary>
    public const string AdminPassword = "admin-password-for-tests";

    private string? _adminToken;
    private int _userCounter;

    /// <summary>Signs in over HTTP and returns the bearer token.</summary>
    public async Task<string> SignInAsync(string username, string password)
    {
        using var http = createHttpClient();
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password),
            DepotJsonContext.Default.TokenRequest);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.TokenResponse);
        return token!.Token;
    }

    public HttpClient CreateHttpClient(string token)
    {
        var http = createHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<HttpClient> CreateAdminHttpClientAsync() =>
        CreateHttpClient(_adminToken ??= await SignInAsync("admin", AdminPassword));

    /// <summary>Creates a fresh user through the admin API and signs them in: every test gets its own account.</summary>
    public async Task<TestUser> CreateUserAsync(long? quotaBytes = null, bool isAdmin = false)
    {
        var username = $"{usernamePrefix}{Interlocked.Increment(ref _userCounter)}-{Guid.NewGuid():N}"[..24];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        using var admin = await CreateAdminHttpClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(username, password, isAdmin, quotaBytes),
            DepotJsonContext.Default.CreateUserRequest);
        response.EnsureSuccessStatusCode();
        var token = await SignInAsync(username, password);
        return new TestUser(username, password, token, CreateHttpClient(token));
    }
}
