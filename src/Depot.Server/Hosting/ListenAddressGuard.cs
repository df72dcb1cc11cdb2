using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// Enforces <see cref="ListenAddressRule"/> twice: <see cref="StartupPreflight"/> checks the configured addresses before
/// anything starts (so an exposed plain-HTTP socket is never opened), and this checks the addresses Kestrel actually
/// bound once it has started (so an endpoint added in code cannot slip past the first check).
/// </summary>
internal sealed class ListenAddressGuard(IServer server, IOptions<ProxyOptions> proxy) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        Check(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], proxy.Value);
        return Task.CompletedTask;
    }

    public static void Check(IEnumerable<string> addresses, ProxyOptions proxy)
    {
        var exposed = ListenAddressRule.ExposedPlainHttp(addresses);
        if (exposed.Count > 0 && !proxy.Enabled)
        {
            throw new StartupRefusedException(
                $"Refusing to serve plain HTTP on {string.Join(", ", exposed)}: passwords and tokens would cross the " +
                "network unencrypted. Listen on https:// instead, bind http:// to a loopback address (127.0.0.1, [::1], " +
                "localhost), or name the TLS-terminating proxy in front of Depot in Depot:Proxy:TrustedProxies.");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
