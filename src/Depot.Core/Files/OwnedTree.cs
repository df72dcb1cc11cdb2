using System.Collections.Concurrent;

namespace Depot.Core.Files;

/// <summary>
/// The path walks of one tree this node owns (<see cref="TreeOwnership"/>), as the database answered them while no write
/// to the tree could commit. Live until the node lets go of the tree; from then on it serves and keeps nothing.
/// </summary>
public sealed class OwnedTree
{
    // What a walk's rows cost beside its inline content: a node and a version record, their strings and the list.
    private const long RowBytes = 640;

    private readonly ConcurrentDictionary<string, IReadOnlyList<(Node Node, FileVersion? Current)>?> _walks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TreeOwnership _owner;
    private long _bytes;
    private long _lastUsed;
    private volatile bool _live = true;

    internal OwnedTree(TreeOwnership owner, string userId, long ownershipKey, long now)
    {
        _owner = owner;
        UserId = userId;
        OwnershipKey = ownershipKey;
        _lastUsed = now;
    }

    public string UserId { get; }

    internal long OwnershipKey { get; }

    internal bool Live => _live;

    internal long LastUsed => Volatile.Read(ref _lastUsed);

    /// <summary>The key of a walk along <paramref name="nameKeys"/>, with the last file's inline content or without.</summary>
    public static string WalkKey(IReadOnlyList<string> nameKeys, bool withContent) =>
        (withContent ? "c/" : "n/") + string.Join('/', nameKeys);

    public bool TryGet(string key, out IReadOnlyList<(Node Node, FileVersion? Current)>? walk)
    {
        if (_live && _walks.TryGetValue(key, out walk))
        {
            return true;
        }

        walk = null;
        return false;
    }

    /// <summary>
    /// Keeps a walk read from the database by a reader that found this tree owned before it read: nothing could change
    /// it since, unless the node has let go of the tree meanwhile, and then it is dropped. Only walks that stay inside the
    /// tree are kept, and only while the node's budget allows.
    /// </summary>
    public void Add(string key, IReadOnlyList<(Node Node, FileVersion? Current)>? walk)
    {
        if (walk is not null && walk.Any(row => row.Node.OwnerId != UserId))
        {
            return;
        }

        var bytes = RowBytes * (walk?.Count ?? 1) + (walk is [.., (_, { InlineContent: { } content })] ? content.Length : 0);
        lock (_gate)
        {
            if (_live && !_walks.ContainsKey(key) && _owner.TryReserve(bytes))
            {
                _walks[key] = walk;
                _bytes += bytes;
            }
        }
    }

    internal void Touch(long now) => Volatile.Write(ref _lastUsed, now);

    /// <summary>Stops serving and keeping walks, and gives their bytes back to the node's budget. Before the unlock.</summary>
    internal void End()
    {
        lock (_gate)
        {
            if (!_live)
            {
                return;
            }

            _live = false;
            _walks.Clear();
            _owner.Release(_bytes);
            _bytes = 0;
        }
    }
}
