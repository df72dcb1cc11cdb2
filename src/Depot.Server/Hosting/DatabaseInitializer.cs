using Depot.Core.Data;

namespace Depot.Server.Hosting;

/// <summary>Brings the metadata schema up to date before the server accepts requests.</summary>
internal sealed class DatabaseInitializer(Migrator migrator, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        HostingLog.MigrationsApplied(logger, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
