using System.Data.Common;
using Depot.Core.Data;
using Depot.Core.Storage;

namespace Depot.Server.Hosting;

/// <summary>
/// Brings the metadata schema up to date before the server accepts requests, but never over data it does not
/// understand: a new (empty or missing) metadata store next to a blob store that holds files is refused, because
/// starting fresh there would make every file an orphan for maintenance to delete. An unreadable store is refused too.
/// </summary>
internal sealed class DatabaseInitializer(Migrator migrator, IBlobStore blobs, StorageOptions storage, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? created;
        try
        {
            created = await migrator.CreatedAtAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw new StartupRefusedException(
                $"The metadata database cannot be read ({e.Message.TrimEnd('.')}). Depot will not start over a damaged database: " +
                "restore it from a backup (docs/operations.md), or move it aside to see what else is in the data folder.");
        }

        if (created is null && await HoldsBlobsAsync(cancellationToken))
        {
            if (!storage.ReinitializeMetadata)
            {
                throw new StartupRefusedException(
                    "The metadata database is new or empty, but the blob store already holds files: starting fresh would orphan " +
                    "them, and maintenance would delete them. Restore the database from a backup (docs/operations.md). To start over " +
                    "on purpose, knowing the old files will be deleted, set Depot:Storage:ReinitializeMetadata=true once.");
            }

            HostingLog.ReinitializingOverBlobs(logger);
        }

        var applied = await migrator.MigrateAsync(cancellationToken);
        HostingLog.MigrationsApplied(logger, applied);
    }

    private async Task<bool> HoldsBlobsAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in blobs.ListAsync(cancellationToken))
        {
            return true;
        }

        return false;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
