using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Observability;

/// <summary>
/// A health check that asks something outside the process (the metadata database, the data folder's disk, the S3
/// bucket). Its healthy answer stands for <see cref="HealthyFor"/>, and probes that arrive while a check runs wait for
/// that one instead of starting their own. Register it as a singleton: it keeps the answer and the check in flight.
/// <para>
/// Why: <c>/healthz</c> and <c>/readyz</c> are anonymous and not rate limited, and every probe used to ask again, so
/// anyone could make a node send as many database queries, disk writes or S3 requests as it could answer requests
/// (19,000 database queries a second on two cores in the benchmark's /healthz row). Now each of them sees about one
/// probe a second per node however many arrive. Load balancers probe every second or two, so an outage still fails the
/// next probe but one. A failure is not reused: the next probe checks again, so a node is healthy again as soon as
/// what failed answers.
/// </para>
/// </summary>
internal abstract class SharedHealthCheck(TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan HealthyFor = TimeSpan.FromSeconds(1);

    // No caller's token reaches a shared check: this bounds one that hangs (an S3 endpoint that never answers), so the
    // next probe after it can ask again.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

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
            check = _running ??= Task.Run(RunAsync, CancellationToken.None);
        }

        return check.WaitAsync(cancellationToken);
    }

    /// <summary>Asks once; <paramref name="cancellationToken"/> ends a probe that takes longer than ten seconds.</summary>
    protected abstract Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken);

    private async Task<HealthCheckResult> RunAsync()
    {
        HealthCheckResult result;
        try
        {
            using var timeout = new CancellationTokenSource(ProbeTimeout);
            result = await ProbeAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            result = HealthCheckResult.Unhealthy("The health check failed", ex);
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
