namespace Depot.Core.Files;

/// <summary>
/// What this node's own group commit batches last saw of the folders they uploaded into (PostgreSQL): the user's storage
/// fields, the root and the folders on the way, as they stood when the batch committed, and the names in each folder
/// known to be taken. A batch of new files into a known folder takes its first reads from here instead of a round trip
/// (<see cref="SqlFileSession.TryHoldTreesAsync"/>), so it costs one round trip in all: the tree's lock, a guard, the
/// writes and COMMIT.
/// <para>
/// Not trusted: any other node, or a write on this one outside a batch, may have changed the tree since. The guard,
/// sent right after the lock, compares in the database everything the batch's checks take from here with what a read
/// would find now (<see cref="WalkSql.FolderGuard"/>, <see cref="UserGuardSql"/>) and fails the transaction if anything
/// differs; a name taken meanwhile fails the insert on the unique index. Either way the batch runs again with reads
/// (<see cref="GroupCommit"/>), and the tree is forgotten here; a later batch that reads it keeps it again once a backoff
/// has passed (<see cref="Forget"/>).
/// </para>
/// </summary>
internal sealed class KnownFolders(TimeProvider clock)
{
    // Bounds on memory: a node writing many trees keeps the most recently written; a folder with more known names than
    // this is not kept (its uploads read as before).
    internal const int MaxTrees = 1024;
    internal const int MaxFoldersPerTree = 64;
    internal const int MaxNamesPerFolder = 8192;

    /// <summary>
    /// PostgreSQL: takes the tree's lock and its ownership lock (<see cref="Data.WriteScope"/>), each only if free at once,
    /// or fails the transaction (migration 0031's function): a batch from memory waits for nothing.
    /// </summary>
    internal const string LockSql =
        "SELECT depot_kept_reads_hold(pg_try_advisory_xact_lock(@Key) AND pg_try_advisory_xact_lock(@OwnershipKey), 'the tree is busy')";

    /// <summary>
    /// <see cref="LockSql"/> for a tree this node owns and writes without letting go (<see cref="TreeOwnership.BeginOwnWrite"/>):
    /// the tree's lock, and this node's key for it found held (so the node still owns it), or the transaction fails.
    /// </summary>
    internal const string OwnLockSql =
        "SELECT depot_kept_reads_hold(pg_try_advisory_xact_lock(@Key) AND NOT pg_try_advisory_xact_lock(@NodeKey), 'the tree is busy')";

    /// <summary>
    /// PostgreSQL: fails the transaction unless <c>@userId</c>'s storage fields are <c>@usedBytes</c>, <c>@quotaBytes</c>
    /// (-1: none) and <c>@reservedBytes</c>, and no WebDAV lock is live at <c>@now</c>: what a batch from memory assumes of
    /// the user and of locks, as a read would find them.
    /// </summary>
    internal const string UserGuardSql =
        "SELECT depot_kept_reads_hold(EXISTS (SELECT 1 FROM users u WHERE u.id = @userId AND u.used_bytes = @usedBytes " +
        "AND COALESCE(u.quota_bytes, -1) = @quotaBytes AND (SELECT COALESCE(SUM(r.reserved_bytes), 0) FROM uploads r " +
        "WHERE COALESCE(r.charged_user_id, r.user_id) = u.id) = @reservedBytes) " +
        "AND NOT EXISTS (SELECT 1 FROM locks WHERE expires_at > @now), 'the user''s storage or the WebDAV locks changed')";

    // A tree whose memory went stale is not kept again for a while: behind a load balancer one user's uploads alternate
    // between nodes, and then nearly every batch from memory would be refused and run again, a round trip lost each
    // time. The wait doubles from 100 ms up to 30 s while the tree keeps changing elsewhere, and a batch from memory that
    // passes starts it over.
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Tree> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long NotBefore, TimeSpan Backoff)> _stale = new(StringComparer.Ordinal);
    private long _uses;

    /// <summary>
    /// The first reads of uploads into <paramref name="userId"/>'s tree along each of <paramref name="walks"/> from
    /// memory, one per walk, each ending in a new name; null unless every folder is known and no name known taken.
    /// </summary>
    public (UserSpace User, Node Root, IReadOnlyList<(IReadOnlyList<string> FolderKeys, Node[] Folders)> Folders, WalkPrefetch[] Walks)? TryRecall(
        string userId, IReadOnlyList<IReadOnlyList<string>> walks)
    {
        lock (_lock)
        {
            if (!_trees.TryGetValue(userId, out var tree))
            {
                return null;
            }

            var folders = new Dictionary<string, Folder>(StringComparer.Ordinal);
            var recalled = new WalkPrefetch[walks.Count];
            for (var i = 0; i < walks.Count; i++)
            {
                var keys = walks[i];
                if (keys.Count == 0 || !tree.Folders.TryGetValue(PathOf(keys.Take(keys.Count - 1)), out var folder) || folder.Taken.Contains(keys[^1]))
                {
                    return null;
                }

                folders.TryAdd(PathOf(folder.Keys), folder);
                recalled[i] = new WalkPrefetch(userId, (tree.User, tree.Root), keys, folder.Nodes, AnyLock: false, Mounted: NoneMounted);
            }

            tree.LastUsed = ++_uses;
            return (tree.User, tree.Root, [.. folders.Values.Select(f => (f.Keys, f.Nodes))], recalled);
        }
    }

    /// <summary>
    /// After a batch committed in which nothing but new rows and the counters were written: <paramref name="user"/> as it
    /// stands now, the folders its walks found (<paramref name="walks"/>; those with a lock live or a mount on the way
    /// are not kept) and the names now taken in them (found by the walks, or <paramref name="added"/>).
    /// </summary>
    public void Keep(UserSpace user, IReadOnlyList<WalkPrefetch> walks, IEnumerable<(string? ParentId, string NameKey)> added)
    {
        lock (_lock)
        {
            if (_stale.TryGetValue(user.Id, out var stale) && clock.GetUtcNow().ToUnixTimeMilliseconds() < stale.NotBefore)
            {
                return;
            }

            if (!_trees.TryGetValue(user.Id, out var tree))
            {
                if (walks.Count == 0 || walks[0].UserAndRoot?.Root is not { } root)
                {
                    return;
                }

                if (_trees.Count >= MaxTrees)
                {
                    _trees.Remove(_trees.MinBy(t => t.Value.LastUsed).Key);
                }

                tree = new Tree { Root = root, User = user };
                _trees.Add(user.Id, tree);
            }

            tree.User = user;
            tree.LastUsed = ++_uses;
            foreach (var walk in walks)
            {
                KeepFolder(tree, walk);
            }

            foreach (var folder in tree.Folders.Values)
            {
                var id = folder.Nodes.Length == 0 ? tree.Root.Id : folder.Nodes[^1].Id;
                folder.Taken.UnionWith(added.Where(a => a.ParentId == id).Select(a => a.NameKey));
            }

            foreach (var (path, folder) in tree.Folders.Where(f => f.Value.Taken.Count > MaxNamesPerFolder).ToList())
            {
                tree.Folders.Remove(path);
            }
        }
    }

    private static void KeepFolder(Tree tree, WalkPrefetch walk)
    {
        var depth = walk.Keys.Count - 1;
        if (walk.AnyLock || walk.UserAndRoot?.Root?.Id != tree.Root.Id || depth < 0 || walk.Nodes.Length < depth ||
            walk.Mounted.Contains(tree.Root.Id) || walk.Nodes.Take(depth).Any(n => n.Kind != NodeKind.Folder || walk.Mounted.Contains(n.Id)))
        {
            return;
        }

        var path = PathOf(walk.Keys.Take(depth));
        if (!tree.Folders.TryGetValue(path, out var folder))
        {
            if (tree.Folders.Count >= MaxFoldersPerTree)
            {
                return;
            }

            folder = new Folder([.. walk.Keys.Take(depth)], walk.Nodes[..depth]);
            tree.Folders.Add(path, folder);
        }

        if (walk.Nodes.Length > depth)
        {
            folder.Taken.Add(walk.Keys[^1]);
        }
    }

    /// <summary>
    /// A batch from memory found the tree changed: nothing of it is kept until a batch reads it again, and none of those
    /// keeps it before the backoff has passed.
    /// </summary>
    public void Forget(string userId)
    {
        lock (_lock)
        {
            _trees.Remove(userId);
            var backoff = _stale.TryGetValue(userId, out var stale)
                ? TimeSpan.FromTicks(Math.Min(stale.Backoff.Ticks * 2, MaxBackoff.Ticks))
                : FirstBackoff;
            if (_stale.Count >= MaxTrees * 4)
            {
                _stale.Clear();   // a bound: forgetting backoffs costs at most a lost round trip per tree
            }

            _stale[userId] = (clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)backoff.TotalMilliseconds, backoff);
        }
    }

    /// <summary>A batch from memory passed its guard: the tree is quiet elsewhere, and its backoff starts over.</summary>
    public void Passed(string userId)
    {
        lock (_lock)
        {
            _stale.Remove(userId);
        }
    }

    private static readonly IReadOnlySet<string> NoneMounted = new HashSet<string>();

    // Name keys hold no '/' (a path's separator).
    private static string PathOf(IEnumerable<string> keys) => string.Join('/', keys);

    private sealed class Tree
    {
        public required Node Root { get; init; }

        public required UserSpace User { get; set; }

        public long LastUsed { get; set; }

        public Dictionary<string, Folder> Folders { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Folder(IReadOnlyList<string> Keys, Node[] Nodes)
    {
        public HashSet<string> Taken { get; } = new(StringComparer.Ordinal);
    }
}
