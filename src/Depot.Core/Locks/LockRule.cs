using Depot.Core.Access;
using Depot.Protocol;

namespace Depot.Core.Locks;

/// <summary>
/// Which lock keeps a write from touching its targets (RFC 4918 §7.4): every lock that applies must be the caller's and
/// among the tokens the request submitted (<see cref="Caller.LockTokens"/>), or a shared lock beside such a shared lock
/// of the caller's covering as much (§6.2: any holder of a shared lock may write). A lock token only counts for the
/// principal who created the lock.
/// </summary>
internal static class LockRule
{
    /// <summary>
    /// Null when no lock blocks the write; otherwise <c>locked</c>, naming the locked path as the caller sees it (in the
    /// prose and as <see cref="DepotError.Resource"/>). <paramref name="treeLocks"/> gives the live locks of one owner's
    /// tree; it is asked once per tree. A path the caller cannot reach has no locks for it: the write fails anyway.
    /// </summary>
    public static async Task<DepotError?> BlockingAsync(
        LockPlaces places, Caller caller, IReadOnlyList<LockTarget> targets,
        Func<string, Task<IReadOnlyList<LockRecord>>> treeLocks, CancellationToken cancellationToken)
    {
        var trees = new Dictionary<string, IReadOnlyList<LockRecord>>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            // Deleting or replacing what is at a path acts on a mount itself, not on what it points at.
            var reach = await places.ReachAsync(target.Path, followLast: !target.Subtree, cancellationToken);
            if (!trees.TryGetValue(reach.OwnerId, out var live))
            {
                trees[reach.OwnerId] = live = await treeLocks(reach.OwnerId);
            }

            if (live.Count == 0)
            {
                continue;   // nearly always: only then is the item's path in its owner's tree looked up
            }

            var place = await places.OwnerPathAsync(reach, cancellationToken);
            var blocking = live.FirstOrDefault(l => LockPaths.Applies(l, target with { Path = place }) && !Satisfied(caller, l, live));
            if (blocking is not null)
            {
                var frame = await places.FrameAsync(reach, place, cancellationToken);
                var locked = frame.ToCaller(blocking) ?? target.Path;
                return new DepotError(ErrorCodes.Locked,
                    $"'{locked}' is locked by a WebDAV client. Wait until it unlocks (locks expire), or send its token in an If header.")
                {
                    Resource = locked.Value,
                };
            }
        }

        return null;
    }

    public static bool Holds(Caller caller, LockRecord l, IReadOnlyCollection<string> tokens) =>
        l.CreatedBy == caller.UserId && tokens.Contains(l.Token, StringComparer.Ordinal);

    /// <summary>The caller holds <paramref name="l"/>, or it is shared and the caller holds a shared lock on all it covers.</summary>
    private static bool Satisfied(Caller caller, LockRecord l, IReadOnlyList<LockRecord> live) =>
        Holds(caller, l, caller.LockTokens)
        || (!l.Exclusive && live.Any(h => !h.Exclusive && Holds(caller, h, caller.LockTokens) && LockPaths.Includes(h, l)));
}
