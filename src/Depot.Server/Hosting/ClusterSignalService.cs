using Depot.Core.Cluster;

namespace Depot.Server.Hosting;

/// <summary>Keeps the node's listening connection for <see cref="PostgresClusterSignal"/>; nothing to do for one process.</summary>
internal sealed class ClusterSignalService(ClusterSignal signal) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal is PostgresClusterSignal postgres ? postgres.RunAsync(stoppingToken) : Task.CompletedTask;
}
