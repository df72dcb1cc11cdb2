using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Hosting;

/// <summary>Not ready once the node drains, so the load balancer stops sending it new requests before it stops listening.</summary>
internal sealed class DrainHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDraining ? HealthCheckResult.Unhealthy("The node is shutting down") : HealthCheckResult.Healthy());
}
