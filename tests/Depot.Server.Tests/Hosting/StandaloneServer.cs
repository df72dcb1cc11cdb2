using Depot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// A server built by <see cref="DepotApp.Build"/> on a data folder the test owns, for tests that restart a
/// server on the same data or expect it not to start at all.
/// </summary>
public sealed class StandaloneServer : IAsyncDisposable
{
    private StandaloneServer(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri Address => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static WebApplication Build(string dataPath, params string[] arguments) =>
        DepotApp.Build([$"--Depot:DataPath={dataPath}", $"--DEPOT_ADMIN_PASSWORD={DepotServer.AdminPassword}", "--Depot:Shutdown:DrainDelay=00:00:00", .. arguments]);

    public static async Task<StandaloneServer> StartAsync(string dataPath, params string[] arguments)
    {
        var app = Build(dataPath, arguments);
        // Fails a start that hangs rather than waiting for ever. Generous: the test script runs suites side by side on two
        // cores, and a start on S3 lists the bucket through a Ceph gateway that once took over 30 s to answer then.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await app.StartAsync(timeout.Token);
        return new StandaloneServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
