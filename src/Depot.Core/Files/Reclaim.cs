using Depot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Files;

/// <summary>
/// Giving space back. Inside a write transaction: remove versions or whole subtrees, release their quota and
/// delete the blob rows nothing references any more. After the commit: delete those blobs' files. Files go only
/// after the metadata that referenced them is durably gone; a crash in between leaves orphans that the
/// maintenance job collects.
/// </summary>
internal static class Reclaim
{
    /// <summary>Deletes versions of one owner's files; returns blob ids whose files to delete after commit.</summary>
    public static async Task<IReadOnlyList<string>> RemoveVersionsAsync(
        IFileSession session, string ownerId, IReadOnlyCollection<FileVersion> versions, CancellationToken cancellationToken)
    {
        if (versions.Count == 0)
        {
            return [];
        }

        await session.DeleteVersionsAsync([.. versions.Select(v => v.Id)], cancellationToken);
        await session.AddUsedBytesAsync(ownerId, -versions.Sum(v => v.Size), cancellationToken);
        return await session.DeleteUnreferencedBlobsAsync([.. versions.Select(v => v.BlobId)], int.MaxValue, cancellationToken);
    }

    /// <summary>
    /// Applies the version retention policy to one file after a write: keeps the current version, at most
    /// <see cref="VersionOptions.MaxCount"/> versions, and no older non-current version than <see cref="VersionOptions.MaxAge"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyRetentionAsync(
        IFileSession session, Node file, string currentVersionId, VersionOptions options, long now, CancellationToken cancellationToken)
    {
        var oldest = now - (long)options.MaxAge.TotalMilliseconds;
        var versions = await session.GetVersionsAsync(file.Id, cancellationToken);
        var drop = versions
            .Where((v, index) => v.Id != currentVersionId && (index >= options.MaxCount || v.CreatedAt < oldest))
            .ToList();
        return await RemoveVersionsAsync(session, file.OwnerId, drop, cancellationToken);
    }

    /// <summary>
    /// Deletes a trashed subtree for good. Items deleted earlier from inside it are separate trash items, so they
    /// are first moved under the owner's root (still in the trash) and survive.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PurgeAsync(IFileSession session, Node top, CancellationToken cancellationToken)
    {
        var subtree = await session.GetSubtreeAsync(top.Id, cancellationToken);
        var survivors = new HashSet<string>(StringComparer.Ordinal);
        string? rootId = null;
        foreach (var (node, _) in subtree)
        {
            if (node.ParentId is not null && survivors.Contains(node.ParentId))
            {
                survivors.Add(node.Id);
            }
            else if (node.Id != top.Id && node.TrashedAt is not null)
            {
                rootId ??= (await session.GetUserAsync(top.OwnerId, cancellationToken))!.RootId;
                await session.RelocateAsync(node.Id, rootId, node.Name, cancellationToken);
                survivors.Add(node.Id);
            }
        }

        var versions = await session.GetSubtreeVersionsAsync(top.Id, cancellationToken);
        await session.DeleteNodeAsync(top.Id, cancellationToken);
        await session.AddUsedBytesAsync(top.OwnerId, -versions.Sum(v => v.Size), cancellationToken);
        return await session.DeleteUnreferencedBlobsAsync([.. versions.Select(v => v.BlobId)], int.MaxValue, cancellationToken);
    }

    /// <summary>After the commit: delete the files of blobs whose rows are gone. Failures are left to orphan collection.</summary>
    public static async Task DeleteBlobFilesAsync(IBlobStore blobs, IReadOnlyList<string> blobIds, ILogger logger)
    {
        foreach (var id in blobIds)
        {
            try
            {
                // Not the request's token: the metadata is committed, and a cancelled request should still tidy up.
                await blobs.DeleteAsync(id, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                FilesLog.BlobDeleteFailed(logger, id, e);
            }
        }
    }
}
