using Depot.Core.Storage;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// Measures storage usage at start-up and then every <see cref="MetricsOptions.StorageUsageInterval"/> for
/// <see cref="OperatorGauges"/>: the figures are scans of the metadata, too costly for every scrape.
/// </summary>
internal sealed class StorageUsageRefresher(StorageUsageQuery query, OperatorGauges gauges, MetricsOptions options, TimeProvider clock,
    ILogger<StorageUsageRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                gauges.Measured(await query.MeasureAsync(stoppingToken), clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The gauges keep the last figures and their time; the next round tries again.
                ObservabilityLog.StorageUsageFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.StorageUsageInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
