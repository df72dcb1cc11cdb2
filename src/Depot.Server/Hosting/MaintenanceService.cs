using Depot.Core.Changes;
using Depot.Core.Events;
using Depot.Core.Jobs;
using Depot.Core.Thumbnails;
using Depot.Core.Uploads;

namespace Depot.Server.Hosting;

/// <summary>
/// Runs the maintenance job (garbage collection, trash and version retention), the cleanup of expired uploads, of
/// thumbnails whose image is gone, and audit and change-feed retention at start-up and then every interval.
/// </summary>
internal sealed class MaintenanceService(
    MaintenanceJob job, UploadCleanupJob uploads, ThumbnailService thumbnails, AuditLog audit, ChangeFeed changes, MaintenanceOptions options, MaintenanceStatus status, TimeProvider clock,
    ILogger<MaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var succeeded = true;
            try
            {
                await job.RunAsync(stoppingToken);
                await uploads.RunAsync(stoppingToken);
                // After the job: the blobs it deleted this run take their thumbnails with them.
                await thumbnails.DeleteStaleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed run (disk, database busy) must not stop the service; the next run retries everything.
                succeeded = false;
                HostingLog.MaintenanceFailed(logger, e);
            }

            try
            {
                await audit.ApplyRetentionAsync(stoppingToken);
                await changes.TrimAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                succeeded = false;
                HostingLog.MaintenanceFailed(logger, e);
            }

            status.Ran(clock.GetUtcNow(), succeeded);

            try
            {
                await Task.Delay(options.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
