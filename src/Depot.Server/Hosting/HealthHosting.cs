using Depot.Server.Observability;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>/healthz</c>: the process serves requests (no dependencies, so a slow disk never gets a live node
/// restarted). <c>/readyz</c>: it can reach its stores, so the load balancer may send it traffic.
/// Both are anonymous and answer plain text: <c>Healthy</c> (200) or <c>Unhealthy</c> (503).
/// </summary>
internal static class HealthHosting
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    private const string ReadyTag = "ready";

    // Failing checks are logged by the health check service itself (as errors, with the exception).
    public static IServiceCollection AddDepotHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<DataFolderHealthCheck>("data-folder", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapDepotHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .AllowAnonymous();
        return endpoints;
    }

    public static bool IsProbe(PathString path) => path == LivePath || path == ReadyPath;
}
