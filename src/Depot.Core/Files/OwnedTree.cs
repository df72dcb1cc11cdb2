using System.Collections.Concurrent;

namespace Depot.Core.Files;

/// <summary>
/// The path walks and pages of folder listings of one tree this node owns (<see cref="TreeOwnership"/>), as the
/// database answered them while no write of another node (or outside a group commit batch) could commit. Live until the
/// node lets go of the tree; from then on it serves and keeps nothing.
/// <para>
/// This node's own group commit batches write the tree without making it let go (<see cref="BeginOwnWrite"/>): while one
/// runs the tree serves nothing and keeps no read, and when it ends the tree is brought up to date by what the batch wrote
/// (new files and the folders they touched, <see cref="OwnWrite"/>) or forgets everything. A read is kept only if no own
/// write began between its start (<see cref="Stamp"/>) and its end. Folder rows are kept once, as they stand now
/// (<c>_folders</c>), and every walk answered is given them, so a folder's revision moved by an own write shows in every
/// walk through it.
/// </para>
/// </summary>
public sealed class OwnedTree
{
    // What a walk's rows cost beside its inline content: a node and a version record, their strings and the list.
    private const long RowBytes = 640;

    private readonly ConcurrentDictionary<string, IReadOnlyList<(Node Node, FileVersion? Current)>?> _walks = new(StringComparer.Ordinal);

    // The rows of the folders in the kept walks, as they stand now: an own write moves a folder's revision here.
    private readonly ConcurrentDictionary<string, Node> _folders = new(StringComparer.Ordinal);

    // Kept walks that found no child of that name at some depth, by the path of the first name missing: a new file there
    // ends them.
    private readonly Dictionary<string, List<string>> _missing = new(StringComparer.Ordinal);

    // The kept walks' keys, oldest first (some may be gone since): the first to go when the node's budget is reached.
    private readonly Queue<string> _order = new();

    // _walks.Count, which ConcurrentDictionary counts under every one of its locks (up to 1,024 as it grows).
    private int _walkCount;

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

    // Odd while an own write runs: bumped when it begins and when it ends.
    private long _stamp;

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

    /// <summary>Taken by a reader before it reads the database: <see cref="Add"/> keeps its answer only if no own write began since.</summary>
    public long Stamp => Volatile.Read(ref _stamp);

    public bool TryGet(string key, out IReadOnlyList<(Node Node, FileVersion? Current)>? walk)
    {
        if (_live && (Stamp & 1) == 0 && _walks.TryGetValue(key, out walk))
        {
            if (walk is not null && Current(walk) is { } current)
            {
                // Once: the next read finds the walk up to date (unless a later own write moves a folder again).
                _walks.TryUpdate(key, current, walk);
                walk = current;
            }

            return true;
        }

        walk = null;
        return false;
    }

    // The walk with each folder's row as it stands now, or null if none moved since the walk was kept. A folder on the way
    // may be given its whole row where the walk read only a step's (NodeRows.ReadStep): the same id, owner, name and kind.
    private (Node Node, FileVersion? Current)[]? Current(IReadOnlyList<(Node Node, FileVersion? Current)> walk)
    {
        (Node Node, FileVersion? Current)[]? current = null;
        for (var i = 0; i < walk.Count; i++)
        {
            if (walk[i].Node.IsFolder && _folders.TryGetValue(walk[i].Node.Id, out var now) && !ReferenceEquals(now, walk[i].Node))
            {
                current ??= [.. walk];
                current[i] = (now, walk[i].Current);
            }
        }

        return current;
    }

    /// <summary>
    /// Keeps a walk along <paramref name="nameKeys"/> read from the database by a reader that found this tree owned before
    /// it read, at <paramref name="stamp"/>: nothing could change it since, unless the node has let go of the tree or an own
    /// write began meanwhile, and then it is dropped. Only walks that stay inside the tree are kept; at the node's budget,
    /// the tree's oldest walks go first.
    /// </summary>
    public void Add(IReadOnlyList<string> nameKeys, bool withContent, IReadOnlyList<(Node Node, FileVersion? Current)>? walk, long stamp)
    {
        if (walk is not null && walk.Any(row => row.Node.OwnerId != UserId))
        {
            return;
        }

        lock (_gate)
        {
            if (_live && _stamp == stamp && (stamp & 1) == 0)
            {
                Keep(nameKeys, withContent, walk);
            }
        }
    }

    // Under _gate.
    private void Keep(IReadOnlyList<string> nameKeys, bool withContent, IReadOnlyList<(Node Node, FileVersion? Current)>? walk)
    {
        var key = WalkKey(nameKeys, withContent);
        var bytes = RowBytes * (walk?.Count ?? 1) + (walk is [.., (_, { InlineContent: { } content })] ? content.Length : 0);
        if (_walks.ContainsKey(key) || !Reserve(bytes))
        {
            return;
        }

        _bytes += bytes;
        _walks[key] = walk is null ? null : Interned(walk, nameKeys.Count);
        _walkCount++;
        Queue(key);
        if (walk is not null && walk.Count <= nameKeys.Count && walk[^1].Node.IsFolder)
        {
            var missing = PathOf(nameKeys.Take(walk.Count));
            if (!_missing.TryGetValue(missing, out var keys))
            {
                _missing[missing] = keys = [];
            }

            keys.Add(key);
        }
    }

    // Under _gate. At the node's budget, this tree's oldest walks make room: what was read or written last is what is read
    // next (a client fetching what it just uploaded, a folder read through).
    private bool Reserve(long bytes)
    {
        while (!_owner.TryReserve(bytes))
        {
            if (!_order.TryDequeue(out var oldest))
            {
                return false;
            }

            ForgetWalk(oldest);
        }

        return true;
    }

    // Under _gate.
    private void Queue(string key)
    {
        _order.Enqueue(key);
        if (_order.Count > 2 * _walkCount + 1024)
        {
            // Keys of walks forgotten since (a kept miss ended by a new file): not kept for ever.
            var live = _order.Where(_walks.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
            _order.Clear();
            live.ForEach(_order.Enqueue);
        }
    }

    // Each folder's row once: the walk holds the one kept, which an own write replaces (Current). Only the root's and the
    // last name's rows are whole: a walk reads of the folders on the way only what it needs to go on (id, owner, name,
    // kind: NodeRows.ReadStep), which no own write changes.
    private (Node Node, FileVersion? Current)[] Interned(IReadOnlyList<(Node Node, FileVersion? Current)> walk, int keyCount)
    {
        var rows = walk.ToArray();
        foreach (var i in rows.Length == keyCount + 1 ? [0, rows.Length - 1] : new[] { 0 })
        {
            if (rows[i].Node.IsFolder)
            {
                rows[i] = (_folders.GetOrAdd(rows[i].Node.Id, rows[i].Node), rows[i].Current);
            }
        }

        return rows;
    }

    private static string PathOf(IEnumerable<string> nameKeys) => string.Join('/', nameKeys);

    /// <summary>The key of a page of <paramref name="folderId"/>'s children.</summary>
    public static string PageKey(string folderId, ChildPage page) => folderId + "/" + page;

    public bool TryGetPage(string key, out IReadOnlyList<Node> page)
    {
        if (_live && (Stamp & 1) == 0 && _pages.TryGetValue(key, out var kept))
        {
            page = kept;
            return true;
        }

        page = [];
        return false;
    }

    /// <summary>Keeps a page of children read under the same rule as <see cref="Add"/>.</summary>
    public void AddPage(string key, IReadOnlyList<Node> page, long stamp)
    {
        if (page.Any(node => node.OwnerId != UserId))
        {
            return;
        }

        var bytes = RowBytes / 2 * (page.Count + 1);
        lock (_gate)
        {
            if (_live && _stamp == stamp && (stamp & 1) == 0 && !_pages.ContainsKey(key) && _owner.TryReserve(bytes))
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
            Forget();
            _misses.Clear();
        }
    }

    // Under _gate: nothing kept any more.
    private void Forget()
    {
        _walks.Clear();
        _walkCount = 0;
        _pages.Clear();
        _folders.Clear();
        _missing.Clear();
        _order.Clear();
        _owner.Release(_bytes);
        _bytes = 0;
    }

    /// <summary>
    /// An own write is about to take the tree's lock (its first statement not sent yet): nothing is served or kept until
    /// <see cref="EndOwnWrite"/>. False when the tree is let go, or another own write runs (then the write makes the node
    /// let go, as any other writer does).
    /// </summary>
    internal bool BeginOwnWrite()
    {
        lock (_gate)
        {
            if (!_live || (_stamp & 1) != 0)
            {
                return false;
            }

            _stamp++;
            return true;
        }
    }

    /// <summary>Whether the kept rows include every one of these folders (an own write can then add the files it creates in them).</summary>
    internal bool KnowsFolders(IEnumerable<string> folderIds) => folderIds.All(_folders.ContainsKey);

    /// <summary>
    /// The own write ended: <paramref name="wrote"/> is what it committed, <see cref="OwnWrite.None"/> if nothing, or
    /// null if anything else or not known (then everything kept is forgotten). Serving starts again.
    /// </summary>
    internal void EndOwnWrite(OwnWrite? wrote)
    {
        lock (_gate)
        {
            if ((_stamp & 1) == 0)
            {
                return;
            }

            if (_live)
            {
                try
                {
                    if (wrote is null)
                    {
                        Forget();
                    }
                    else
                    {
                        Apply(wrote);
                    }
                }
                catch (Exception) when (wrote is not null)
                {
                    // This runs after the batch committed: whatever went wrong here must not fail it (its callers would
                    // delete blobs the committed rows reference). Forgetting everything is always right.
                    Forget();
                }
            }

            _stamp++;
        }
    }

    // Under _gate. Exactly what a read would now find differently: the touched folders' rows (and the pages that hold
    // them or list their children), the walks that found no file where one now is, and the new files' walks.
    private void Apply(OwnWrite wrote)
    {
        foreach (var folder in wrote.FoldersRead)
        {
            _folders.TryAdd(folder.Id, folder);
        }

        foreach (var (folderId, count, modifiedAt) in wrote.Touches)
        {
            if (_folders.TryGetValue(folderId, out var folder))
            {
                _folders[folderId] = folder with { Revision = folder.Revision + count, ModifiedAt = modifiedAt };
                if (folder.ParentId is { } parentId)
                {
                    ForgetPages(parentId);   // they list the folder with its old revision
                }
            }
            else
            {
                ForgetPages(null);   // where it is listed is not known here
            }

            ForgetPages(folderId);
        }

        foreach (var file in wrote.Files)
        {
            ForgetPages(file.FolderIds[^1]);   // its folder's listing now holds it (its touch says so too)
            var path = PathOf(file.NameKeys);
            if (_missing.Remove(path, out var ended))
            {
                foreach (var key in ended)
                {
                    ForgetWalk(key);
                }
            }

            var rows = new (Node Node, FileVersion? Current)[file.FolderIds.Count + 1];
            var known = true;
            for (var i = 0; i < file.FolderIds.Count && known; i++)
            {
                known = _folders.TryGetValue(file.FolderIds[i], out var folder);
                rows[i] = (folder!, null);
            }

            if (!known)
            {
                continue;
            }

            // The walk a download takes (with the content): what a client does next with a file it uploaded. A look at its
            // metadata alone reads the database once, and is kept then.
            rows[^1] = (file.Node, file.Version);
            ForgetWalk(WalkKey(file.NameKeys, withContent: false));
            ForgetWalk(WalkKey(file.NameKeys, withContent: true));
            Keep(file.NameKeys, withContent: true, rows);
        }
    }

    // Under _gate. A page's key is its folder's id, '/', then the page; null: every page (a folder not known here).
    private void ForgetPages(string? folderId)
    {
        foreach (var key in _pages.Keys)
        {
            if (folderId is null || (key.StartsWith(folderId, StringComparison.Ordinal) && key.Length > folderId.Length && key[folderId.Length] == '/'))
            {
                if (_pages.TryRemove(key, out var page))
                {
                    var bytes = RowBytes / 2 * (page.Count + 1);
                    _bytes -= bytes;
                    _owner.Release(bytes);
                }
            }
        }
    }

    // Under _gate.
    private void ForgetWalk(string key)
    {
        if (_walks.TryRemove(key, out var walk))
        {
            _walkCount--;
            var bytes = RowBytes * (walk?.Count ?? 1) + (walk is [.., (_, { InlineContent: { } content })] ? content.Length : 0);
            _bytes -= bytes;
            _owner.Release(bytes);
        }
    }
}
