using System.Collections.Concurrent;

namespace Depot.Core.Files;

/// <summary>
/// The path walks and pages of folder listings of one tree this node owns (<see cref="TreeOwnership"/>), as the
/// database answered them while no write to the tree could commit. Live until the node lets go of the tree; from then on it serves and keeps nothing.
/// </summary>
public sealed class OwnedTree
{
    // What a walk's rows cost beside its inline content: a node and a version record, their strings and the list.
    private const long RowBytes = 640;

    private readonly ConcurrentDictionary<string, IReadOnlyList<(Node Node, FileVersion? Current)>?> _walks = new(StringComparer.Ordinal);

    // Pages of folders' children (IFileSession.ListChildrenAsync), by folder and page.
    private readonly ConcurrentDictionary<string, IReadOnlyList<Node>> _pages = new(StringComparer.Ordinal);

    // Per folder: when a walk to one of its files last missed, and whether its children are being read ahead now.
    private readonly ConcurrentDictionary<string, long> _misses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _readingAhead = new(StringComparer.Ordinal);
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
        TakenAt = now;
    }

    public string UserId { get; }

    internal long OwnershipKey { get; }

    /// <summary>When the node took the tree (a <see cref="TimeProvider"/> timestamp).</summary>
    internal long TakenAt { get; }

    internal bool Live => _live;

    /// <summary>How many walks it keeps (tests).</summary>
    internal int Count => _walks.Count;

    /// <summary>How many pages of children it keeps (tests).</summary>
    internal int PageCount => _pages.Count;

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

    /// <summary>The key of a page of <paramref name="folderId"/>'s children.</summary>
    public static string PageKey(string folderId, ChildPage page) => folderId + "/" + page;

    public bool TryGetPage(string key, out IReadOnlyList<Node> page)
    {
        if (_live && _pages.TryGetValue(key, out var kept))
        {
            page = kept;
            return true;
        }

        page = [];
        return false;
    }

    /// <summary>Keeps a page of children read under the same rule as <see cref="Add"/>.</summary>
    public void AddPage(string key, IReadOnlyList<Node> page)
    {
        if (page.Any(node => node.OwnerId != UserId))
        {
            return;
        }

        var bytes = RowBytes / 2 * (page.Count + 1);
        lock (_gate)
        {
            if (_live && !_pages.ContainsKey(key) && _owner.TryReserve(bytes))
            {
                _pages[key] = page;
                _bytes += bytes;
            }
        }
    }

    internal void Touch(long now) => Volatile.Write(ref _lastUsed, now);

    /// <summary>
    /// Whether a walk to a file in <paramref name="folderId"/> that missed should read the folder's children ahead
    /// (<see cref="FolderReadAhead"/>): on the second miss in that folder within <paramref name="window"/> timestamp
    /// units, one read-ahead per folder at a time. Its caller ends it with <see cref="EndReadAhead"/>.
    /// </summary>
    internal bool StartReadAhead(string folderId, long now, long window)
    {
        var again = _misses.TryGetValue(folderId, out var last) && now - last <= window;
        _misses[folderId] = now;
        return again && _live && _readingAhead.TryAdd(folderId, 0);
    }

    internal void EndReadAhead(string folderId) => _readingAhead.TryRemove(folderId, out _);

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
            _pages.Clear();
            _misses.Clear();
            _owner.Release(_bytes);
            _bytes = 0;
        }
    }
}
