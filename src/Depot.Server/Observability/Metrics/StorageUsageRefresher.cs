using Depot.Core.Backups;
using Depot.Core.Storage;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// Measures storage usage and reads the backup records at start-up and then every
/// <see cref="MetricsOptions.StorageUsageInterval"/> for <see cref="OperatorGauges"/>: the figures are scans of the
/// metadata, too costly for every scrape, and a backup (run by <c>depot-server backup</c> beside the server) is daily.
/// </summary>
internal sealed class StorageUsageRefresher(StorageUsageQuery query, BackupRecords backups, OperatorGauges gauges, MetricsOptions options, TimeProvider clock,
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
                gauges.BackupsRead(await backups.LastAsync(stoppingToken), await backups.LastSucceededAsync(stoppingToken));
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
