using Depot.Server.Observability;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness): the process serves requests and its metadata pool answers a trivial query, which touches
/// no disk (a slow or full disk never gets a live node restarted) yet fails when the pool can serve nothing, e.g.
/// wedged connections (issue 9). <c>/readyz</c> (readiness): also the data folder takes a write, so a full or read-only
/// disk takes the node out of the load balancer, the blob store answers (with S3: the bucket is reachable) and the node is
/// not shutting down (<see cref="DrainService"/>). Both are anonymous and answer plain text: <c>Healthy</c> (200) or
/// <c>Unhealthy</c> (503).
/// </summary>
internal static class HealthHosting
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    private const string LiveTag = "live";
    public const string ReadyTag = "ready";

    // Failing checks are logged by the health check service itself (as errors, with the exception).
    public static IServiceCollection AddDepotHealth(this IServiceCollection services)
    {
        // One each for the process: they keep the last healthy answer and the check in flight (SharedHealthCheck); AddCheck
        // alone makes one per probe.
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddSingleton<DataFolderHealthCheck>();
        services.AddSingleton<BlobStoreHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [LiveTag, ReadyTag])
            .AddCheck<DataFolderHealthCheck>("data-folder", tags: [ReadyTag])
            .AddCheck<BlobStoreHealthCheck>("blob-store", tags: [ReadyTag])
            .AddCheck<DrainHealthCheck>("draining", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapDepotHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .AllowAnonymous();
        return endpoints;
    }

    public static bool IsProbe(PathString path) => path == LivePath || path == ReadyPath;
}
