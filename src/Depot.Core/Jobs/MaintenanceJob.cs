using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Jobs;

/// <summary>
/// Garbage collection and retention, safe to run at any time and on several nodes at once:
/// (1) purges trash past <see cref="TrashOptions.Retention"/>; (2) prunes non-current versions past
/// <see cref="VersionOptions.MaxAge"/>; (3) deletes blob rows no version references, then their files;
/// (4) deletes blob files with no row that are older than <see cref="StorageOptions.OrphanGracePeriod"/>
/// (left by crashes between a blob write and its commit, or between a commit and a file delete).
/// Each batch commits its metadata before any file goes, so a referenced blob is never deleted. Step (4) waits until
/// the metadata store itself is older than the grace period: a store younger than that (a new install, or one
/// deliberately re-initialised over existing blobs) cannot tell its own orphans from files it never knew.
/// </summary>
public sealed class MaintenanceJob(
    IFileStore store, IBlobStore blobs, TrashOptions trash, VersionOptions versions, StorageOptions storage,
    Migrator migrator, TimeProvider clock, ILogger<MaintenanceJob> logger)
{
    // 200 per transaction: each batch holds the write lock for milliseconds, so uploads never wait on maintenance.
    private const int Batch = 200;

    public async Task<MaintenanceReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var trashPurged = await RepeatAsync(async s =>
        {
            var before = (now - trash.Retention).ToUnixTimeMilliseconds();
            var items = await s.FindTrashBeforeAsync(before, Batch, cancellationToken);
            if (await s.LockTreesAsync(items.Select(i => i.OwnerId), cancellationToken))
            {
                // Found before the trees were locked: an item may have been restored or purged since. Found again, only
                // what this session holds counts (a tree trashed into meanwhile waits for the next batch or run).
                items = [.. (await s.FindTrashBeforeAsync(before, Batch, cancellationToken)).Where(i => s.HoldsTree(i.OwnerId))];
            }

            var released = new List<string>();
            foreach (var item in items)
            {
                released.AddRange(await Reclaim.PurgeAsync(s, item, cancellationToken));
            }

            return (items.Count, released);
        }, cancellationToken);

        var versionsPruned = await RepeatAsync(async s =>
        {
            var before = (now - versions.MaxAge).ToUnixTimeMilliseconds();
            var old = await s.FindOldVersionsAsync(before, Batch, cancellationToken);
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var nodeId in old.Select(v => v.NodeId).Distinct(StringComparer.Ordinal))
            {
                owners[nodeId] = (await s.GetNodeAsync(nodeId, cancellationToken))!.OwnerId;
            }

            if (await s.LockTreesAsync(owners.Values, cancellationToken))
            {
                // As above: found again under the locks (a version may have become current again, or gone).
                old = [.. (await s.FindOldVersionsAsync(before, Batch, cancellationToken))
                    .Where(v => owners.TryGetValue(v.NodeId, out var owner) && s.HoldsTree(owner))];
            }

            var released = new List<string>();
            foreach (var byNode in old.GroupBy(v => v.NodeId))
            {
                released.AddRange(await Reclaim.RemoveVersionsAsync(s, owners[byNode.Key], [.. byNode], cancellationToken));
            }

            return (old.Count, released);
        }, cancellationToken);

        var blobsDeleted = await RepeatAsync(async s =>
        {
            var ids = await s.DeleteUnreferencedBlobsAsync(null, Batch, cancellationToken);
            return (ids.Count, ids);
        }, cancellationToken);

        var graceStart = now - storage.OrphanGracePeriod;
        var orphans = await migrator.CreatedAtAsync(cancellationToken) is { } created && created < graceStart
            ? await DeleteOrphansAsync(graceStart, cancellationToken)
            : 0;
        FilesLog.MaintenanceDone(logger, trashPurged, versionsPruned, blobsDeleted, orphans);
        return new MaintenanceReport(trashPurged, versionsPruned, blobsDeleted, orphans);
    }

    /// <summary>Runs batches, each in its own transaction followed by its file deletes, until a batch comes up short.</summary>
    private async Task<int> RepeatAsync(
        Func<IFileSession, Task<(int Count, IReadOnlyList<string> Released)>> batch, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            (int Count, IReadOnlyList<string> Released) done;
            await using (var session = await store.WriteAsync(cancellationToken))
            {
                done = await batch(session);
                await session.CommitAsync(cancellationToken);
            }

            await Reclaim.DeleteBlobFilesAsync(blobs, done.Released, logger);
            total += done.Count;
            if (done.Count < Batch)
            {
                return total;
            }
        }
    }

    private async Task<int> DeleteOrphansAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var candidates = new List<string>();
        await foreach (var blob in blobs.ListAsync(cancellationToken))
        {
            if (blob.WrittenAt < writtenBefore)
            {
                candidates.Add(blob.Id);
            }

            if (candidates.Count == Batch)
            {
                deleted += await DeleteUnknownAsync(candidates, cancellationToken);
                candidates.Clear();
            }
        }

        return deleted + await DeleteUnknownAsync(candidates, cancellationToken);
    }

    private async Task<int> DeleteUnknownAsync(List<string> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return 0;
        }

        IReadOnlyList<string> known;
        await using (var session = await store.ReadAsync(cancellationToken))
        {
            known = await session.FindKnownBlobsAsync(candidates, cancellationToken);
        }

        var unknown = candidates.Except(known, StringComparer.Ordinal).ToList();
        await Reclaim.DeleteBlobFilesAsync(blobs, unknown, logger);
        return unknown.Count;
    }
}
