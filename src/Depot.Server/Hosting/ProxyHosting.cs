using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class ProxyHosting
{
    public static IServiceCollection AddDepotProxy(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateAsConfigured(ProxyOptions.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            // For and Proto only: the client's address (throttling) and whether it used TLS (HSTS, links).
            // X-Forwarded-Host is not taken: Host is what the client asked for and nothing here trusts it.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies; the framework's default (loopback) is dropped, since a process on this
            // machine is not a proxy unless the operator says so.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in proxy.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // No fixed hop count: the walk back through X-Forwarded-For stops at the first address that is not a
            // trusted proxy, so a chain of trusted proxies works and a client cannot add hops of its own.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>Believes X-Forwarded-* only when trusted proxies are configured; must run before anything reads the client address.</summary>
    public static WebApplication UseDepotForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
