using Depot.Core.Access;
using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>
/// The WebDAV lock rule where it holds: inside the write transaction of every change to the file tree (uploads, tus
/// completion, delete, move, copy, folder creation, trash and version restore, mount), whatever the protocol and node.
/// Asked after the write's walk locked the tree it writes (the write contract), so a LOCK on another node either
/// committed before and is seen here, or waits for this commit: no window between check and write. The locks of a
/// deleted or moved item go in the same commit.
/// </summary>
internal static class WriteLocks
{
    /// <summary>Null when the caller may touch <paramref name="targets"/>; otherwise <c>locked</c>.</summary>
    public static Task<DepotError?> CheckAsync(
        IFileSession session, Caller caller, Node root, long now, IReadOnlyList<LockTarget> targets, CancellationToken cancellationToken) =>
        CheckAsync(session, caller, root, now, targets, releasing: null, cancellationToken);

    /// <summary>
    /// Null when the caller may touch <paramref name="targets"/>; otherwise <c>locked</c>. With <paramref name="releasing"/>,
    /// the locks on that path and below it are deleted in the session (RFC 4918 §7.5, §9.9: they go with the resource),
    /// placed as what is there itself (a mount, not what it points at); call it before the path stops resolving.
    /// </summary>
    public static async Task<DepotError?> CheckAsync(
        IFileSession session, Caller caller, Node root, long now, IReadOnlyList<LockTarget> targets, DepotPath? releasing,
        CancellationToken cancellationToken)
    {
        // Locks are rare (held while an editor has a file open): one indexed probe, and nearly always nothing else.
        if (!await session.AnyLockAsync(now, cancellationToken))
        {
            return null;
        }

        var places = LockPlaces.Over(session, root);
        var blocked = await LockRule.BlockingAsync(places, caller, targets, async ownerId =>
        {
            // Held already: the walk that reached the target locked the tree it ends in.
            await session.LockTreesAsync([ownerId], cancellationToken);
            return await session.ListLocksAsync(ownerId, now, cancellationToken);
        }, cancellationToken);
        if (blocked is not null || releasing is not { } path)
        {
            return blocked;
        }

        var reach = await places.ReachAsync(path, followLast: false, cancellationToken);
        var live = await session.ListLocksAsync(reach.OwnerId, now, cancellationToken);
        if (live.Count > 0)
        {
            var key = LockPaths.Key(await places.OwnerPathAsync(reach, cancellationToken));
            var gone = live.Where(l => l.PathKey == key || LockPaths.IsAncestor(key, l.PathKey)).Select(l => l.Token).ToList();
            if (gone.Count > 0)
            {
                await session.DeleteLocksAsync(reach.OwnerId, gone, cancellationToken);
            }
        }

        return null;
    }
}
