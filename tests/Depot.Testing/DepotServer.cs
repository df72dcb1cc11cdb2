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

    public Uri Address { get; private set; } = null!;

    public string DataPath => _data.FullName;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Server not started");

    /// <summary>Extra command-line arguments (configuration) for this server; override to change options.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public async Task InitializeAsync()
    {
        string[] args = ["--urls=http://127.0.0.1:0", $"--Depot:DataPath={_data.FullName}", .. ExtraArguments];
        _app = DepotApp.Build(args);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First());
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = Address };

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
