using Depot.Core.Access;
using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>
/// Places paths of the caller's tree in the tree that holds them: locks live in the owner's tree, so the lock Alice's
/// Office took on /projects/team/plan.docx is the one Bob meets at /team/plan.docx, where he mounted her folder.
/// Every lookup is <c>FileTree</c>'s own walk from the caller's root (mounts, shares, roles: one set of rules), on a
/// read session of its own per lookup, or on the write session of the write being checked (<see cref="Over"/>). Per
/// lookup, because a lock operation asks the lock store between lookups, and a request holds one metadata connection
/// at a time (ConnectionUse).
/// </summary>
internal sealed class LockPlaces
{
    private readonly IFileSession? _session;
    private readonly IFileStore? _files;
    private readonly Node _root;

    private LockPlaces(IFileSession? session, IFileStore? files, Node root)
    {
        _session = session;
        _files = files;
        _root = root;
    }

    /// <summary>Places on a session someone else opened (a write's own), which stays theirs.</summary>
    public static LockPlaces Over(IFileSession session, Node root) => new(session, null, root);

    public static async Task<Result<LockPlaces>> OpenAsync(IFileStore files, Caller caller, long now, CancellationToken cancellationToken)
    {
        await using var session = await files.ReadAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, now, cancellationToken);
        return opened.IsSuccess ? new LockPlaces(null, files, opened.Value.Root) : opened.Error!;
    }

    // The session a lookup runs on: the write's own, or a read session opened for this lookup alone.
    private async Task<T> OnSessionAsync<T>(Func<IFileSession, Task<T>> lookup, CancellationToken cancellationToken)
    {
        if (_session is not null)
        {
            return await lookup(_session);
        }

        await using var session = await _files!.ReadAsync(cancellationToken);
        return await lookup(session);
    }

    /// <summary>
    /// The deepest item on <paramref name="path"/> the caller can see, and the names below it that are missing (a LOCK
    /// that creates a file, a PUT or MKCOL target, a deleted path). A mount at the end is followed unless
    /// <paramref name="followLast"/> is false: deletes and moves act on the mount itself, in the caller's own tree.
    /// Usually one walk, two for a new name; the root always exists.
    /// </summary>
    public Task<LockReach> ReachAsync(DepotPath path, bool followLast, CancellationToken cancellationToken) =>
        OnSessionAsync(async session =>
        {
            var names = path.Segments;
            for (var count = names.Count; count > 0; count--)
            {
                var entry = await FileTree.FindEntryAsync(
                    session, _root, LockFrame.Prefix(path, count), cancellationToken, Need.Read, followLast || count < names.Count);
                if (entry.IsSuccess)
                {
                    return new LockReach(entry.Value, [.. names.Skip(count)]);
                }
            }

            return new LockReach(new NodeEntry(_root, DepotPath.Root), [.. names]);
        }, cancellationToken);

    /// <summary>The reached path in its owner's tree: the item's path there (one ancestor query) and the missing names.</summary>
    public Task<DepotPath> OwnerPathAsync(LockReach reach, CancellationToken cancellationToken) =>
        OnSessionAsync(async session => LockFrame.Append((await FileTree.LocateAsync(session, reach.Entry.Node.Id, cancellationToken)).Path, reach.Rest),
            cancellationToken);

    /// <summary>The reached path from both sides, to translate lock roots back; needs a few more walks only past a mount.</summary>
    public async Task<LockFrame> FrameAsync(LockReach reach, DepotPath ownerPath, CancellationToken cancellationToken)
    {
        var located = LockFrame.Prefix(ownerPath, ownerPath.Segments.Count - reach.Rest.Count);
        var shared = await SharedAsync(reach.Entry, located, cancellationToken);
        return new LockFrame(reach.OwnerId, LockFrame.Append(reach.Entry.Path, reach.Rest), ownerPath, shared + reach.Rest.Count);
    }

    /// <summary>
    /// How many trailing names of <paramref name="entry"/>'s path lie in its owner's tree, below the last mount the walk
    /// crossed: all of them in the caller's own tree, none when the entry is what a mount points at.
    /// </summary>
    private async Task<int> SharedAsync(NodeEntry entry, DepotPath located, CancellationToken cancellationToken)
    {
        var path = entry.Path;
        var count = path.Segments.Count;
        if (entry.Node.OwnerId == _root.OwnerId && LockPaths.Key(path) == LockPaths.Key(located))
        {
            return count;   // crossing a mount never leads back to the same path in one's own tree
        }

        // Below the last mount the caller's names are the owner's, so that mount sits within the names both paths end with.
        var common = 0;
        while (common < Math.Min(count, located.Segments.Count)
               && NodeName.Key(path.Segments[count - 1 - common]) == NodeName.Key(located.Segments[located.Segments.Count - 1 - common]))
        {
            common++;
        }

        // An entry that is a mount itself was not followed, so it is not the crossing.
        return await OnSessionAsync(async session =>
        {
            for (var at = entry.Node.Kind == NodeKind.Mount ? count - 1 : count; at >= Math.Max(1, count - common); at--)
            {
                var step = await FileTree.FindEntryAsync(session, _root, LockFrame.Prefix(path, at), cancellationToken, Need.Read, followLast: false);
                if (step is { IsSuccess: true, Value.Node.Kind: NodeKind.Mount })
                {
                    return count - at;
                }
            }

            return 0;   // moved meanwhile: only the resource itself and what lies below it translate
        }, cancellationToken);
    }
}
