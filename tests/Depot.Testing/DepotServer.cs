using System.Net.Http.Headers;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;
using Depot.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Depot.Testing;

/// <summary>
/// A real Depot server on 127.0.0.1 with a port the OS chose and a temporary data folder, built by the same
/// <see cref="DepotApp.Build"/> as the executable. Use as an xunit class fixture.
/// </summary>
public class DepotServer : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-test-");
    private WebApplication? _app;
    private string? _adminToken;
    private int _userCounter;

    /// <summary>The password the bootstrap admin gets on this server's first start.</summary>
    public const string AdminPassword = "admin-password-for-tests";

    public Uri Address { get; private set; } = null!;

    public string DataPath => _data.FullName;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Server not started");

    /// <summary>Extra command-line arguments (configuration) for this server; override to change options.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0", $"--Depot:DataPath={_data.FullName}", $"--DEPOT_ADMIN_PASSWORD={AdminPassword}",
            .. ExtraArguments,
        ];
        _app = DepotApp.Build(args);
        OnBuilt(_app);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First());
    }

    /// <summary>Called after the app is built and before it starts: a place for test-only hooks such as a log sink.</summary>
    protected virtual void OnBuilt(WebApplication app)
    {
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = Address };

    /// <summary>Signs in over HTTP and returns the bearer token.</summary>
    public async Task<string> SignInAsync(string username, string password)
    {
        using var http = CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password),
            DepotJsonContext.Default.TokenRequest);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.TokenResponse);
        return token!.Token;
    }

    public HttpClient CreateHttpClient(string token)
    {
        var http = CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<HttpClient> CreateAdminHttpClientAsync() =>
        CreateHttpClient(_adminToken ??= await SignInAsync("admin", AdminPassword));

    /// <summary>Creates a fresh user through the admin API and signs them in: every test gets its own account.</summary>
    public async Task<TestUser> CreateUserAsync(long? quotaBytes = null, bool isAdmin = false)
    {
        var username = $"user{Interlocked.Increment(ref _userCounter)}-{Guid.NewGuid():N}"[..24];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        using var admin = await CreateAdminHttpClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(username, password, isAdmin, quotaBytes),
            DepotJsonContext.Default.CreateUserRequest);
        response.EnsureSuccessStatusCode();
        var token = await SignInAsync(username, password);
        return new TestUser(username, password, token, CreateHttpClient(token));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying request: the temp folder is cleaned by the OS later.
        }
    }
}
