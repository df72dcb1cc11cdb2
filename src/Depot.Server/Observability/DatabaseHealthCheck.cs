using Depot.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Observability;

/// <summary>Healthy while the metadata store answers a trivial query (shared between probes: <see cref="SharedHealthCheck"/>).</summary>
internal sealed class DatabaseHealthCheck(IDatabase database, TimeProvider clock) : SharedHealthCheck(clock)
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The metadata database does not answer", ex);
        }
    }
}
