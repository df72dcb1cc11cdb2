using Depot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Uploads;

/// <summary>
/// Removes expired uploads (their rows, so their quota reservations, then their data) and partial files that no row
/// knows (a crash between a row's delete and its file's) once they are older than the orphan grace period. Run by
/// the maintenance service after the files job; safe on several nodes at once (every delete is conditional).
/// </summary>
public sealed class UploadCleanupJob(
    IUploadStore uploads, IPartialStore partials, StorageOptions storage, TimeProvider clock, ILogger<UploadCleanupJob> logger)
{
    // 200 per query, like the files job: each statement is short, so uploads never wait behind cleanup.
    private const int Batch = 200;

    /// <summary>Returns how many uploads and orphan partial files were removed.</summary>
    public async Task<(int Expired, int Orphans)> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        IReadOnlyList<UploadRecord> batch;
        do
        {
            batch = await uploads.FindExpiredAsync(now.ToUnixTimeMilliseconds(), Batch, cancellationToken);
            foreach (var upload in batch)
            {
                // Metadata first: once the row is gone nothing refers to the data, so deleting it cannot hurt anyone.
                if (await uploads.DeleteExpiredAsync(upload.Id, now.ToUnixTimeMilliseconds(), cancellationToken))
                {
                    expired++;
                    if (!upload.IsCommitted)
                    {
                        await partials.DeleteAsync(upload.Id, cancellationToken);
                    }
                }
            }
        }
        while (batch.Count == Batch);

        var orphans = await DeleteOrphansAsync(now - storage.OrphanGracePeriod, cancellationToken);
        UploadsLog.Cleaned(logger, expired, orphans);
        return (expired, orphans);
    }

    private async Task<int> DeleteOrphansAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        await foreach (var file in partials.ListAsync(cancellationToken))
        {
            if (file.WrittenAt < writtenBefore)
            {
                candidates.Add(file.Id);
            }
        }

        var deleted = 0;
        foreach (var chunk in candidates.Chunk(Batch))
        {
            var known = await uploads.FindKnownAsync(chunk, cancellationToken);
            foreach (var id in chunk.Except(known, StringComparer.Ordinal))
            {
                await partials.DeleteAsync(id, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }
}
