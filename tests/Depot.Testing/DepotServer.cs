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
    private TestAccounts? _accounts;

    /// <summary>The password the bootstrap admin gets on this server's first start.</summary>
    public const string AdminPassword = TestAccounts.AdminPassword;

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
            // No drain delay: nothing balances load in front of a test server, and every test stops one.
            "--Depot:Shutdown:DrainDelay=00:00:00",
            .. TestMetadata.Arguments(_data.FullName), .. TestStorage.Arguments(_data.FullName), .. ExtraArguments,
        ];
        _app = DepotApp.Build(args);
        OnBuilt(_app);
        TestErrorLog.AttachTo(_app, $"{GetType().Name} {_data.Name}");
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First());
    }

    /// <summary>Called after the app is built and before it starts: a place for test-only hooks such as a log sink.</summary>
    protected virtual void OnBuilt(WebApplication app)
    {
    }

    /// <summary>Called once the app has stopped and before the data folder is deleted (e.g. to unmount it).</summary>
    protected virtual void OnStopped()
    {
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = Address };

    /// <summary>Accounts on this server through its API; the methods below are shortcuts to it.</summary>
    public TestAccounts Accounts => _accounts ??= new TestAccounts(CreateHttpClient, "user");

    public HttpClient CreateHttpClient(string token) => Accounts.CreateHttpClient(token);

    /// <summary>Signs in over HTTP and returns the bearer token.</summary>
    public Task<string> SignInAsync(string username, string password) => Accounts.SignInAsync(username, password);

    public Task<HttpClient> CreateAdminHttpClientAsync() => Accounts.CreateAdminHttpClientAsync();

    /// <summary>Creates a fresh user through the admin API and signs them in: every test gets its own account.</summary>
    public Task<TestUser> CreateUserAsync(long? quotaBytes = null, bool isAdmin = false) => Accounts.CreateUserAsync(quotaBytes, isAdmin);

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        OnStopped();
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
