using Microsoft.Extensions.DependencyInjection.Extensions;
using Depot.Core;
using Depot.Core.Storage;
using Depot.Server.Dav;
using Depot.Server.Hosting;
using Depot.Server.Overload;
using Depot.Server.Tus;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Depot.Server.Observability.Metrics;

internal static class MetricsHosting
{
    public static IServiceCollection AddDepotMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateAsConfigured(MetricsOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<MetricsOptions>>().Value);
        services.TryAddSingleton<MetricsAccess>();
        services.TryAddSingleton<MetricsCollector>();
        services.TryAddSingleton<OperatorGauges>();
        services.TryAddSingleton<StorageUsageQuery>();
        services.AddHostedService<StorageUsageRefresher>();
        services.TryAddSingleton<HealthGauges>();
        services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<HealthGauges>());
        // The readiness checks every 15 s (the first 2 s after start), the cadence of a load balancer's probe.
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(2);
            options.Period = TimeSpan.FromSeconds(15);
            options.Predicate = check => check.Tags.Contains(HealthHosting.ReadyTag);
        });
        return services;
    }

    /// <summary>Maps <c>/metrics</c> and starts collecting now, so the scrape covers everything from the first request on.</summary>
    public static IEndpointRouteBuilder MapDepotMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<MetricsOptions>().Enabled)
        {
            endpoints.ServiceProvider.GetRequiredService<MetricsCollector>();
            endpoints.ServiceProvider.GetRequiredService<OperatorGauges>();
            endpoints.ServiceProvider.GetRequiredService<HealthGauges>();
            // Counters exist at 0 from the first scrape, so a rate or an alert on one has data before its first event.
            DepotMeter.AnnounceZeros();
            OverloadMetrics.AnnounceZeros();
            TusMetrics.AnnounceZeros();
            DavMetrics.AnnounceZeros(DavEndpoints.Methods);
            endpoints.MapMetrics();
        }

        return endpoints;
    }
}
