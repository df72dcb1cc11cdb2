using Depot.Core.Access;
using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>
/// What PROPFIND shows as <c>DAV:lockdiscovery</c> for one request's resources: every live lock on each of them,
/// whoever took it, with its root as a path of the caller's tree. <see cref="LoadAsync"/> each page of entries before
/// asking <see cref="On"/>: one query per owner's tree, and only where locks exist, the paths there (the folder's
/// once, its members by name; a mount in the listing by its own).
/// </summary>
public sealed class LockDiscovery
{
    private readonly ILockStore _store;
    private readonly IFileStore _files;
    private readonly Caller _caller;
    private readonly long _now;
    private readonly Dictionary<string, IReadOnlyList<LockRecord>> _trees = new(StringComparer.Ordinal);

    // By the entry's path in the caller's tree; null: no live locks in its owner's tree.
    private readonly Dictionary<string, LockFrame?> _frames = new(StringComparer.Ordinal);

    internal LockDiscovery(ILockStore store, IFileStore files, Caller caller, long now)
    {
        _store = store;
        _files = files;
        _caller = caller;
        _now = now;
    }

    /// <summary>Reads what <see cref="On"/> needs for <paramref name="entries"/>: the requested resource first, then its members.</summary>
    public async Task LoadAsync(IReadOnlyList<NodeEntry> entries, CancellationToken cancellationToken)
    {
        LockPlaces? places = null;
        foreach (var entry in entries.Where(e => !_frames.ContainsKey(e.Path.Value)))
        {
            var owner = entry.Node.OwnerId;
            if (!_trees.TryGetValue(owner, out var live))
            {
                _trees[owner] = live = await _store.ListAsync(owner, _now, cancellationToken);
            }

            if (live.Count == 0)
            {
                continue;   // On finds no frame and shows none: nothing is kept per entry of a tree without locks
            }

            if (entry.MountId is null && _frames.GetValueOrDefault(entry.Path.Parent.Value) is { } folder && folder.OwnerId == owner)
            {
                _frames[entry.Path.Value] = folder.Child(entry.Name);
                continue;
            }

            if (places is null)
            {
                var opened = await LockPlaces.OpenAsync(_files, _caller, _now, cancellationToken);
                if (!opened.IsSuccess)
                {
                    return;
                }

                places = opened.Value;
            }

            var reach = new LockReach(entry, []);
            var located = await places.OwnerPathAsync(reach, cancellationToken);
            _frames[entry.Path.Value] = entry.MountId is null
                ? await places.FrameAsync(reach, located, cancellationToken)
                : new LockFrame(owner, entry.Path, located, 0);   // a mount in a listing: the walk crosses it right there
        }
    }

    /// <summary>
    /// Forgets what was loaded for <paramref name="entries"/>, once they are written: a listing then holds one page's
    /// frames, not the whole folder's.
    /// </summary>
    public void Forget(IReadOnlyList<NodeEntry> entries)
    {
        foreach (var entry in entries)
        {
            _frames.Remove(entry.Path.Value);
        }
    }

    /// <summary>
    /// The locks on <paramref name="entry"/> (loaded before). A root that cannot be named in the caller's tree (it lies
    /// above the mount they came through) is shown as the entry itself.
    /// </summary>
    public IEnumerable<LockView> On(NodeEntry entry)
    {
        if (_frames.GetValueOrDefault(entry.Path.Value) is not { } frame)
        {
            return [];
        }

        var key = LockPaths.Key(frame.OwnerPath);
        return _trees[frame.OwnerId].Where(l => LockPaths.Covers(l, key)).Select(l => LockView.Of(l, frame.ToCaller(l) ?? entry.Path));
    }
}
