using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

internal static class KestrelHosting
{
    /// <summary>
    /// Kestrel limits, TLS, the default listen address, the plain-HTTP rule and graceful shutdown.
    /// </summary>
    public static IWebHostBuilder ConfigureDepotKestrel(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        if (ListenAddressRule.Configured(configuration).Count == 0)
        {
            webHost.UseUrls(ListenAddressRule.DefaultUrl);
        }

        return webHost.ConfigureServices(services =>
        {
            services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section).ValidateAsConfigured(TlsOptions.Section);
            services.AddOptions<KestrelLimitsOptions>().BindConfiguration(KestrelLimitsOptions.Section)
                .ValidateAsConfigured(KestrelLimitsOptions.Section);
            services.AddSingleton<CertificateProvider>();
            services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelSetup>();
            services.AddDepotProxy();
            services.AddHostedService<ListenAddressGuard>();
            services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateAsConfigured(ShutdownOptions.Section);
            services.AddSingleton<DrainState>();
            services.AddHostedService<DrainService>();

            // 60 s for in-flight requests to finish on SIGTERM (counted from the signal, so the drain delay is part of it):
            // enough for most uploads in progress, and under systemd's default 90 s stop timeout so we are never
            // SIGKILLed mid-commit. --shutdownTimeoutSeconds (the host's own setting) still overrides it.
            if (string.IsNullOrEmpty(configuration["shutdownTimeoutSeconds"]))
            {
                services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(60));
            }
        });
    }
}
