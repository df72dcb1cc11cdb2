using Depot.Core.Data;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>Runs <see cref="PostgresStatistics"/> every few seconds when the metadata is in PostgreSQL.</summary>
internal sealed class PostgresStatisticsService(
    IDatabase database, IOptions<MetadataOptions> metadata, TimeProvider clock, ILogger<PostgresStatisticsService> logger)
    : BackgroundService
{
    // Short next to autovacuum's minute: the plans that matter are made in the first seconds of a bulk upload.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!metadata.Value.IsPostgres)
        {
            return;
        }

        var statistics = new PostgresStatistics(database);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
                var analysed = await statistics.RefreshAsync(stoppingToken);
                if (analysed.Count > 0)
                {
                    HostingLog.StatisticsRefreshed(logger, string.Join(", ", analysed));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be restarting; the next round tries again.
                HostingLog.StatisticsFailed(logger, e.Message);
            }
        }
    }
}
