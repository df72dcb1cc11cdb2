using Depot.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Observability;

/// <summary>Ready only while the metadata store answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(IDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The metadata database does not answer", ex);
        }
    }
}
