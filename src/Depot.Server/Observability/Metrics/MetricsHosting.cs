using Microsoft.Extensions.DependencyInjection.Extensions;
using Depot.Server.Hosting;
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
        return services;
    }

    /// <summary>Maps <c>/metrics</c> and starts collecting now, so the scrape covers everything from the first request on.</summary>
    public static IEndpointRouteBuilder MapDepotMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<MetricsOptions>().Enabled)
        {
            endpoints.ServiceProvider.GetRequiredService<MetricsCollector>();
            endpoints.MapMetrics();
        }

        return endpoints;
    }
}
