using Depot.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Observability;

/// <summary>
/// Healthy while the metadata store answers a trivial query. A healthy answer stands for <see cref="HealthyFor"/>, and
/// probes that arrive while a check runs wait for that one instead of starting their own.
/// <para>
/// Why: <c>/healthz</c> and <c>/readyz</c> are anonymous and not rate limited, and every probe was a query, so anyone
/// could make a node send its database as many queries as the node could answer requests (19,000 a second on two cores
/// with PostgreSQL, in the benchmark's /healthz row). Now the database sees about one probe query a second per node
/// however many probes arrive. Load balancers probe every second or two, so a pool that can serve nothing still fails
/// the next probe but one. A failure is not reused: the next probe checks again, so a node is healthy again as soon as
/// its database answers.
/// </para>
/// </summary>
internal sealed class DatabaseHealthCheck(IDatabase database, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan HealthyFor = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Task<HealthCheckResult>? _running;
    private DateTimeOffset _healthyUntil = DateTimeOffset.MinValue;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> check;
        lock (_lock)
        {
            if (clock.GetUtcNow() < _healthyUntil)
            {
                return Task.FromResult(HealthCheckResult.Healthy());
            }

            // Off this lock, and with no caller's token: the check is shared, and each caller stops waiting on its own.
            check = _running ??= Task.Run(QueryAsync, CancellationToken.None);
        }

        return check.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> QueryAsync()
    {
        HealthCheckResult result;
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(CancellationToken.None);
            result = HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            result = HealthCheckResult.Unhealthy("The metadata database does not answer", ex);
        }

        lock (_lock)
        {
            _running = null;
            if (result.Status == HealthStatus.Healthy)
            {
                _healthyUntil = clock.GetUtcNow() + HealthyFor;
            }
        }

        return result;
    }
}
