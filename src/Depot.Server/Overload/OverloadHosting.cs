using System.Threading.RateLimiting;
using Depot.Core;
using Depot.Protocol;
using Depot.Server.Api;
using Depot.Server.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Depot.Server.Overload;

internal static class OverloadHosting
{
    /// <summary>Per-caller token buckets (ASP.NET Core's rate limiter, 429 <c>rate_limited</c>) and the heavy-request bound (503).</summary>
    public static IServiceCollection AddDepotOverload(this IServiceCollection services)
    {
        services.AddOptions<OverloadOptions>().BindConfiguration(OverloadOptions.Section).ValidateAsConfigured(OverloadOptions.Section);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<OverloadOptions>>().Value);
        services.TryAddSingleton<HeavyRequests>();
        // A singleton, so the container disposes it (and its replenishment timer) with the app.
        services.TryAddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<OverloadOptions>();
            return PartitionedRateLimiter.Create<HttpContext, string>(context => CallerPartition.For(context, limits));
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<PartitionedRateLimiter<HttpContext>>((limiter, callers) => limiter.GlobalLimiter = callers);
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        OverloadMetrics.Refused(CallerPartition.ReasonFor(context));
        // A token bucket's refusal always says when the next token comes; ToProblem rounds it up to whole seconds, at least 1.
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        await new DepotError(ErrorCodes.RateLimited, "Too many requests; slow down and retry after the time in Retry-After.", wait)
            .ToProblem().ExecuteAsync(context);
    }
}
