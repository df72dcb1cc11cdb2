using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// Enforces <see cref="ListenAddressRule"/> twice: on the configured addresses before anything starts (so an
/// exposed plain-HTTP socket is never opened), and on the addresses Kestrel actually bound once it has started
/// (so an endpoint added in code cannot slip past the first check).
/// </summary>
internal sealed class ListenAddressGuard(IConfiguration configuration, IServer server, IOptions<ProxyOptions> proxy)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Check(ListenAddressRule.Configured(configuration));

    public Task StartedAsync(CancellationToken cancellationToken) =>
        Check(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    private Task Check(IEnumerable<string> addresses)
    {
        var exposed = ListenAddressRule.ExposedPlainHttp(addresses);
        if (exposed.Count > 0 && !proxy.Value.Enabled)
        {
            throw new StartupRefusedException(
                $"Refusing to serve plain HTTP on {string.Join(", ", exposed)}: passwords and tokens would cross the " +
                "network unencrypted. Listen on https:// instead, bind http:// to a loopback address (127.0.0.1, [::1], " +
                "localhost), or name the TLS-terminating proxy in front of Depot in Depot:Proxy:TrustedProxies.");
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
