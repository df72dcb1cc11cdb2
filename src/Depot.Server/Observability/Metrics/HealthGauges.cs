using System.Diagnostics.Metrics;
using Depot.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// The readiness checks as gauges, so "this node left the load balancer" is an alert on the node's own scrape rather
/// than a separate prober's. The framework's health-check publisher runs the <c>/readyz</c> checks on a timer and hands
/// the report here; the gauges show the last one (absent until the first, a few seconds after start).
/// </summary>
internal sealed class HealthGauges : IHealthCheckPublisher
{
    private HealthReport? _last;

    public HealthGauges(IMeterFactory meters)
    {
        var meter = meters.Create(DepotMeter.Name);
        meter.CreateObservableGauge("depot.ready",
            () => Volatile.Read(ref _last) is { } report ? [new Measurement<int>(Value(report.Status))] : Array.Empty<Measurement<int>>(),
            description: "1 while this node's readiness checks pass (what /readyz answers), 0 while one fails.");
        meter.CreateObservableGauge("depot.health.check",
            () => Volatile.Read(ref _last) is { } report
                ? report.Entries.Select(e => new Measurement<int>(Value(e.Value.Status), new KeyValuePair<string, object?>("check", e.Key))).ToList()
                : [],
            description: "1 while the named readiness check (database, data-folder, blob-store, draining) passes, 0 while it fails.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _last, report);
        return Task.CompletedTask;
    }

    private static int Value(HealthStatus status) => status == HealthStatus.Healthy ? 1 : 0;
}
