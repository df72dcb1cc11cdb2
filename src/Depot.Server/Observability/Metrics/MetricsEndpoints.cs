using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Observability.Metrics;

/// <summary><c>GET /metrics</c> in the Prometheus text format; 404 for anyone <see cref="MetricsAccess"/> does not allow.</summary>
internal static class MetricsEndpoints
{
    public const string Path = "/metrics";

    public static void MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, Scrape).AllowAnonymous().ExcludeFromDescription();

    // 404 rather than 403: to anyone else the endpoint does not exist, so it gives away neither itself nor the server's activity.
    private static Results<ContentHttpResult, NotFound> Scrape(HttpContext context, MetricsAccess access, MetricsCollector collector)
    {
        if (!access.Allows(context))
        {
            return TypedResults.NotFound();
        }

        var text = new StringBuilder(64 * 1024);
        PrometheusText.Write(text, collector.Collect());
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(text.ToString(), PrometheusText.ContentType);
    }
}
