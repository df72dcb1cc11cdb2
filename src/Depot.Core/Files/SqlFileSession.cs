using System.Data.Common;
using Dapper;
using Depot.Core.Backups;
using Depot.Core.Changes;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Core.Locks;
using Depot.Core.Storage;

namespace Depot.Core.Files;

/// <summary>
/// The SQL of the file store. Portable: row values, recursive CTEs, partial indexes and <c>RETURNING</c> work on
/// SQLite (3.35+) and PostgreSQL alike. Listing uses keyset pagination on (sort column, name_key), which the
/// partial indexes of migration 0002 serve, so page 50 of a 10,000-entry folder costs what page 1 does.
/// <para>
/// <c>grouped</c>: work run by <see cref="IFileStore.WriteGroupedAsync"/>, which must not commit itself.
/// <c>batch</c>: a group commit batch's session (PostgreSQL). It holds its trees from before its first piece
/// (<see cref="HoldTreeAsync"/>, <see cref="TryHoldTreesAsync"/>), so it waits for no lock after that. Any other tree a
/// piece needs it takes only if free at once; if not, <see cref="TreeBusyException"/> sends the work to run on its own, so
/// a batch holding a tree never queues for another and can never be part of a deadlock.
/// </para>
/// <para>
/// Every change to a tree is noted as it is made (<see cref="ChangeRecorder"/>) and written to the change feed right
/// before the commit, in the same transaction; <c>signal</c> hears of it after the commit where the database does not
/// announce it itself (SQLite).
/// </para>
/// </summary>
internal sealed class SqlFileSession(
    DbConnection? opened, DbTransaction? transaction, IDatabase database, TimeProvider clock, bool grouped = false,
    bool batch = false, ClusterSignal? signal = null, WalkBatcher? walks = null, TreeOwnership? ownership = null,
    bool ownsConnection = true, KnownFolders? knownFolders = null) : IFileSession
{
    private const string SubtreeCte =
        "WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM nodes WHERE id = @id " +
        "UNION ALL SELECT c.id, sub.depth + 1 FROM nodes c JOIN sub ON c.parent_id = sub.id) ";

    /// <summary>Bytes held by the user's unfinished resumable uploads (migration 0004); a select-list expression over <c>users u</c>.</summary>
    internal const string ReservedBytesColumn =
        "(SELECT COALESCE(SUM(r.reserved_bytes), 0) FROM uploads r WHERE COALESCE(r.charged_user_id, r.user_id) = u.id) AS ReservedBytes";

    // A write session's connection from its start; a read session's from its first statement (ConnectionAsync), so a
    // request that only walks a path (a download) holds none meanwhile and its walk can share a round trip (WalkBatcher).
    private DbConnection? _connection = opened;
    private readonly bool _postgres = database is PostgresDatabase;

    // The trees this write session has locked (PostgreSQL only: SQLite's one writer holds them all), and of those the
    // ones taken since the open savepoint, which its rollback may have released.
    private readonly HashSet<string> _lockedTrees = new(StringComparer.Ordinal);
    private readonly List<string> _lockedSinceSavepoint = [];

    // A batch's trees, held from before its first piece: what it reads in them stays true until it commits.
    private readonly HashSet<string> _batchTrees = new(StringComparer.Ordinal);

    // Writes wait here for the next statement that must answer (DeferredWrites); where the open savepoint's SAVEPOINT
    // still waits among them (-1: sent), so rolling back to it before anything was sent costs no round trip.
    private readonly DeferredWrites? _deferred = transaction is null ? null : new DeferredWrites(opened!, transaction);
    private int _savepointAt = -1;

    // The open savepoint was dropped unsent by its rollback (its piece ended before its first round trip): the server
    // never heard of it, so there is nothing to release either.
    private bool _savepointDropped;

    // Whether what is held back includes writes of group pieces that already finished (GroupCommit lets a piece's writes
    // ride on the next round trip): if that round trip fails, they may be lost, and LostEarlierWrites says so.
    private bool _inherited;

    private readonly ChangeRecorder? _changes = transaction is null ? null : new ChangeRecorder();

    // A group commit's folder touches and used bytes, written once at its commit (BatchedCounters says why).
    private readonly BatchedCounters? _counters = grouped && transaction is not null ? new BatchedCounters() : null;

    private bool _disposed;

    // An upload's first reads, fetched together (PrefetchWalkAsync); forgotten at the first write, rollback or new tree lock.
    private WalkPrefetch? _prefetch;

    // Those of a whole group commit batch, read when it began (PrefetchWalksAsync); forgotten at any write but a new row.
    private BatchWalks? _batchWalks;

    // The batch's walks as read with its trees' locks or recalled from KnownFolders, kept there at its commit if nothing but
    // new rows was written. The user whose tree's walks were recalled, and that user while the guard is unanswered.
    private IReadOnlyList<WalkPrefetch>? _walksToKeep;
    private string? _guarded;
    private string? _recalled;

    // The nodes this session inserted, as inserted, and whether it ever set a savepoint (after a rollback to one, some of
    // them may be gone): the change feed's chains of new files from memory (ChainsFromMemory).
    private readonly Dictionary<string, Node> _newNodes = new(StringComparer.Ordinal);
    private bool _savepointSet;

    // A batch's trees this node owns and writes without letting go (TreeOwnership.BeginOwnWrite), each ended once
    // (EndOwnWrites); and what the batch inserted that their memory may keep once it commits: versions by node id, inline
    // contents by blob id.
    private Dictionary<string, OwnedTree>? _ownWrites;
    private readonly Dictionary<string, FileVersion> _newVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _newContents = new(StringComparer.Ordinal);

    public async Task<bool> LockTreesAsync(IEnumerable<string> ownerIds, CancellationToken cancellationToken)
    {
        if (transaction is null || database.SingleWriter)
        {
            return false;
        }

        var taken = false;
        // Key order, as IDatabase.BeginWriteAsync takes several scopes: two sessions locking the same set never deadlock.
        foreach (var ownerId in ownerIds.Where(o => !_lockedTrees.Contains(o)).Distinct(StringComparer.Ordinal)
                     .OrderBy(o => WriteScope.Tree(o).Key))
        {
            await FlushAsync(cancellationToken);
            if (!batch && database is PostgresDatabase postgres && BeginOwnWrite(ownerId) is { } nodeKey)
            {
                if (!await postgres.LockOwnedAsync(transaction, WriteScope.Tree(ownerId), nodeKey, cancellationToken))
                {
                    EndOwnWrite(ownerId, null);
                }
            }
            else if (!batch)
            {
                await database.LockAsync(transaction, WriteScope.Tree(ownerId), cancellationToken);
            }
            else if (!await database.TryLockAsync(transaction, WriteScope.Tree(ownerId), cancellationToken))
            {
                throw new TreeBusyException();
            }

            _lockedTrees.Add(ownerId);
            _lockedSinceSavepoint.Add(ownerId);
            _prefetch = null;
            _batchWalks = null;
            PieceWrote = true;   // only a rollback would release it
            taken = true;
        }

        return taken;
    }

    /// <summary>
    /// Takes, for a batch about to run, the trees of <paramref name="ownerIds"/> that no other transaction holds, without
    /// waiting, in one round trip; returns those it took. Before the batch's first piece, so all it reads in them stays true.
    /// On PostgreSQL the same round trip reads <paramref name="walks"/> in the trees it took, as
    /// <see cref="PrefetchWalksAsync"/> would after it: the statements run in order, so they read under the locks.
    /// </summary>
    public async Task<IReadOnlyList<string>> TryHoldTreesAsync(
        IReadOnlyList<string> ownerIds, IReadOnlyList<(string UserId, IReadOnlyList<string> NameKeys)> walks, bool fromMemory,
        CancellationToken cancellationToken)
    {
        if (fromMemory && TryHoldFromMemory(ownerIds, walks))
        {
            return ownerIds;
        }

        var scopes = ownerIds.Select(WriteScope.Tree).ToList();   // a key is a SHA-256: once each
        var trees = WalkTrees(walks, ownerIds.Contains);
        IReadOnlySet<WriteScope> taken;
        if (database is PostgresDatabase postgres && _deferred is { Batches: true } && trees.Count > 0)
        {
            var nodeKeys = new Dictionary<WriteScope, long>();
            for (var i = 0; i < ownerIds.Count; i++)
            {
                if (BeginOwnWrite(ownerIds[i]) is { } nodeKey)
                {
                    nodeKeys[scopes[i]] = nodeKey;
                }
            }

            var (lockSql, lockParameters) = PostgresDatabase.TryLockEachStatement(scopes, nodeKeys);
            var (walkQueries, readWalks) = WalkQueries(trees, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            var (tried, read) = await SendAsync(() => _deferred.ReadAsync([(lockSql, lockParameters), .. walkQueries], async row =>
            {
                var tried = await PostgresDatabase.ReadTriedLocksAsync(row, scopes, cancellationToken);
                await row.NextResultAsync(cancellationToken);
                return (tried, await readWalks(row));
            }, cancellationToken));
            foreach (var ownerId in ownerIds.Where(o => _ownWrites?.ContainsKey(o) == true))
            {
                // Not taken: nothing written there. Taken, but the node key was not held: the node no longer owns the tree,
                // so the batch takes its ownership key as any writer does.
                var scope = WriteScope.Tree(ownerId);
                if (!tried.Taken.Contains(scope) || tried.Owned.Contains(scope.OwnershipKey))
                {
                    EndOwnWrite(ownerId, tried.Taken.Contains(scope) ? null : OwnWrite.None);
                }
            }

            taken = await postgres.FinishTryLockEachAsync(transaction!, tried, cancellationToken);
            _walksToKeep = [.. read.Where(w => taken.Contains(WriteScope.Tree(w.UserId)))];
            _batchWalks = taken.Count == 0 ? null : new BatchWalks(_walksToKeep);
        }
        else
        {
            taken = await database.TryLockEachAsync(transaction!, scopes, cancellationToken);
        }

        var held = ownerIds.Where((_, i) => taken.Contains(scopes[i])).ToList();
        _batchTrees.UnionWith(held);
        _lockedTrees.UnionWith(held);
        return held;
    }

    /// <summary>
    /// A batch of new files into folders of one tree that this node's earlier batches left known (<see cref="KnownFolders"/>):
    /// its first reads come from memory, and its round trip to take the tree goes with its writes and COMMIT. Held back:
    /// the tree's lock and its ownership lock, each without waiting, then the guard, which fails the transaction unless
    /// a read now would find what memory holds. Nothing waits here: a busy tree fails the guard's round trip, like a
    /// stale memory, and the batch runs again the usual way (<see cref="StaleMemory"/>).
    /// </summary>
    private bool TryHoldFromMemory(IReadOnlyList<string> ownerIds, IReadOnlyList<(string UserId, IReadOnlyList<string> NameKeys)> walks)
    {
        if (knownFolders is null || _deferred is not { Batches: true } || ownerIds.Count != 1 || walks.Count == 0
            || walks.Any(w => w.UserId != ownerIds[0])
            || knownFolders.TryRecall(ownerIds[0], [.. walks.Select(w => w.NameKeys)]) is not var (user, root, folders, recalled))
        {
            return false;
        }

        var userId = ownerIds[0];
        if (ownership?.Serving(userId) is { } owned && !owned.KnowsFolders(folders.SelectMany(f => f.Folders).Select(n => n.Id).Append(root.Id)))
        {
            // An own write adds the files it creates to the tree's memory only with their folders' rows as they stand,
            // which memory here does not give (their revisions move with every batch): this batch reads them, once.
            return false;
        }

        var scope = WriteScope.Tree(userId);
        if (BeginOwnWrite(userId) is { } nodeKey)
        {
            _deferred.Add(KnownFolders.OwnLockSql, new { scope.Key, NodeKey = nodeKey });
        }
        else
        {
            _deferred.Add(KnownFolders.LockSql, new { scope.Key, scope.OwnershipKey });
        }

        _deferred.Add(KnownFolders.UserGuardSql, new
        {
            userId, usedBytes = user.UsedBytes, quotaBytes = user.QuotaBytes ?? -1, reservedBytes = user.ReservedBytes,
            now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        foreach (var (folderKeys, nodes) in folders)
        {
            _deferred.Add(WalkSql.FolderGuard(folderKeys.Count), WalkSql.FolderGuardParameters(userId, folderKeys, root, nodes));
        }

        _guarded = userId;
        _recalled = userId;
        _batchTrees.Add(userId);
        _lockedTrees.Add(userId);
        _walksToKeep = recalled;
        _batchWalks = new BatchWalks(recalled);
        return true;
    }

    /// <summary>
    /// A batch about to take <paramref name="ownerId"/>'s tree, which this node owns: it writes it without making the node
    /// let go (<see cref="TreeOwnership.BeginOwnWrite"/>), and returns the node key its lock statement checks held instead
    /// of taking the ownership key; null when the node does not own the tree.
    /// </summary>
    private long? BeginOwnWrite(string ownerId)
    {
        if (ownership?.BeginOwnWrite(ownerId) is not { } owned)
        {
            return null;
        }

        (_ownWrites ??= new(StringComparer.Ordinal))[ownerId] = owned;
        return ownership.NodeKey(owned.OwnershipKey);
    }

    private void EndOwnWrite(string ownerId, OwnWrite? wrote)
    {
        if (_ownWrites is not null && _ownWrites.Remove(ownerId, out var owned))
        {
            ownership!.EndOwnWrite(owned, wrote);
            FilesMetrics.OwnWrite(wrote is not null);
        }
    }

    /// <summary>Takes, for a batch about to run, the tree of <paramref name="ownerId"/>, waiting for it: only while it holds no other.</summary>
    public async Task HoldTreeAsync(string ownerId, CancellationToken cancellationToken)
    {
        await database.LockAsync(transaction!, WriteScope.Tree(ownerId), cancellationToken);
        _batchTrees.Add(ownerId);
        _lockedTrees.Add(ownerId);
    }

    public bool ReadsStayCurrent(string ownerId) => transaction is null || database.SingleWriter || _batchTrees.Contains(ownerId);

    public bool HoldsTree(string ownerId) => transaction is not null && (database.SingleWriter || _lockedTrees.Contains(ownerId));

    /// <summary>A user's storage fields as a <see cref="UserSpace"/>, by <c>@userId</c>.</summary>
    internal const string UserSpaceSql =
        $"SELECT u.id AS Id, u.root_id AS RootId, u.quota_bytes AS QuotaBytes, u.used_bytes AS UsedBytes, {ReservedBytesColumn} " +
        "FROM users u WHERE u.id = @userId";

    public async Task<UserSpace?> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        WithPendingUsage(await QuerySingleAsync<UserSpace>(UserSpaceSql, new { userId }, cancellationToken));

    private const string UserAndRootSql =
        $"SELECT u.id, u.root_id, u.quota_bytes, u.used_bytes, {ReservedBytesColumn}, {NodeRows.Columns} " +
        "FROM users u LEFT JOIN nodes n ON n.id = u.root_id WHERE u.id = @userId";

    public async Task<(UserSpace User, Node? Root)?> GetUserAndRootAsync(string userId, CancellationToken cancellationToken)
    {
        var found = _prefetch is { } prefetched && prefetched.UserId == userId
            ? prefetched.UserAndRoot
            : await ReadAsync(UserAndRootSql, new { userId }, row => ReadUserAndRootAsync(row, cancellationToken), cancellationToken);
        return found is var (user, root) ? (WithPendingUsage(user)!, root) : null;
    }

    // Reads see this batch's used bytes not yet written (BatchedCounters).
    private UserSpace? WithPendingUsage(UserSpace? user) =>
        user is not null && _counters?.PendingUsedBytes(user.Id) is { } pending and not 0 ? user with { UsedBytes = user.UsedBytes + pending } : user;

    private static async Task<(UserSpace User, Node? Root)?> ReadUserAndRootAsync(DbDataReader row, CancellationToken cancellationToken)
    {
        if (!await row.ReadAsync(cancellationToken))
        {
            return null;
        }

        var user = new UserSpace
        {
            Id = row.GetString(0),
            RootId = row.GetString(1),
            QuotaBytes = row.IsDBNull(2) ? null : row.GetInt64(2),
            UsedBytes = row.GetInt64(3),
            ReservedBytes = row.GetInt64(4),
        };
        return (user, row.IsDBNull(5) ? null : NodeRows.Read(row, 5));
    }

    public async Task PrefetchWalkAsync(string userId, IReadOnlyList<string> nameKeys, long now, CancellationToken cancellationToken)
    {
        _prefetch = null;
        if (!PrefetchesFor(userId) || nameKeys.Count == 0)
        {
            return;
        }

        if (_batchWalks?.Take(userId, nameKeys) is { } ready)
        {
            _prefetch = ready;
            return;
        }

        _prefetch = (await ReadWalksAsync([(userId, [nameKeys])], now, cancellationToken))[0];
    }

    /// <summary>
    /// Reads at a group commit batch's start, in one round trip, what <see cref="PrefetchWalkAsync"/> would read for each
    /// of <paramref name="walks"/>, a user's tree and a path in it (<see cref="BatchWalks"/>).
    /// </summary>
    public async Task PrefetchWalksAsync(IReadOnlyList<(string UserId, IReadOnlyList<string> NameKeys)> walks, CancellationToken cancellationToken)
    {
        var trees = WalkTrees(walks, PrefetchesFor);
        if (trees.Count > 0)
        {
            _walksToKeep = await ReadWalksAsync(trees, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            _batchWalks = new BatchWalks(_walksToKeep);
        }
    }

    // The walks to read, by tree: those with a path, in trees that pass the filter, each path once.
    private static List<(string UserId, List<IReadOnlyList<string>> NameKeysOfEach)> WalkTrees(
        IReadOnlyList<(string UserId, IReadOnlyList<string> NameKeys)> walks, Func<string, bool> inTree) =>
        [.. walks
            .Where(w => w.NameKeys.Count > 0 && inTree(w.UserId))
            .GroupBy(w => w.UserId, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(w => w.NameKeys).DistinctBy(k => string.Join('/', k), StringComparer.Ordinal).ToList()))];

    /// <summary>Whether the batch's walks were read with its trees' locks (<see cref="TryHoldTreesAsync"/>).</summary>
    public bool PrefetchedWalks => _batchWalks is not null;

    // Where a prefetch saves round trips (a provider that batches; SQLite runs in-process) and where what it reads stays
    // true until commit without another lock: the batch's own tree, locked before its first statement.
    private bool PrefetchesFor(string userId) => _deferred is { Batches: true } && _batchTrees.Contains(userId);

    private async Task<WalkPrefetch[]> ReadWalksAsync(
        List<(string UserId, List<IReadOnlyList<string>> NameKeysOfEach)> trees, long now, CancellationToken cancellationToken)
    {
        var (queries, read) = WalkQueries(trees, now, cancellationToken);
        return await SendAsync(() => _deferred!.ReadAsync(queries, read, cancellationToken));
    }

    // For each tree, the user and root and a walk along each of its key lists (those ending in one folder as one
    // statement, WalkSql.FromRootToLeaves); then whether any lock is live: the statements, for one round trip, and how to
    // read their answers from the first one's on.
    private static (List<(string Sql, object Parameters)> Queries, Func<DbDataReader, Task<WalkPrefetch[]>> Read) WalkQueries(
        List<(string UserId, List<IReadOnlyList<string>> NameKeysOfEach)> trees, long now, CancellationToken cancellationToken)
    {
        var queries = new List<(string Sql, object Parameters)>();
        var foldersOfEach = new List<List<List<IReadOnlyList<string>>>>(trees.Count);
        foreach (var (userId, nameKeysOfEach) in trees)
        {
            var folders = nameKeysOfEach.GroupBy(k => string.Join('/', k.Take(k.Count - 1)), StringComparer.Ordinal).Select(g => g.ToList()).ToList();
            foldersOfEach.Add(folders);
            queries.Add((UserAndRootSql, new { userId }));
            foreach (var walks in folders)
            {
                var keys = walks.Count > 1 ? walks[0].Take(walks[0].Count - 1).ToList() : walks[0];
                var walk = new Dictionary<string, object?>(StringComparer.Ordinal) { ["userId"] = userId };
                for (var i = 0; i < keys.Count; i++)
                {
                    walk[$"k{i}"] = keys[i];
                }

                if (walks.Count > 1)
                {
                    walk["leaves"] = walks.Select(w => w[^1]).ToArray();
                }

                queries.Add((walks.Count > 1 ? WalkSql.FromRootToLeaves(keys.Count) : WalkSql.FromRootWithMounts(keys.Count), walk));
            }
        }

        queries.Add((SqlLockStore.AnySql, new { now }));
        return (queries, async row =>
        {
            var found = new List<(string UserId, (UserSpace, Node?)? UserAndRoot, IReadOnlyList<string> Keys, Node[] Nodes, HashSet<string> Mounted)>();
            for (var t = 0; t < trees.Count; t++)
            {
                if (t > 0)
                {
                    await row.NextResultAsync(cancellationToken);
                }

                var userId = trees[t].UserId;
                var userAndRoot = await ReadUserAndRootAsync(row, cancellationToken);
                var mounted = new HashSet<string>(StringComparer.Ordinal);
                foreach (var walks in foldersOfEach[t])
                {
                    await row.NextResultAsync(cancellationToken);
                    if (walks.Count == 1)
                    {
                        found.Add((userId, userAndRoot, walks[0], await ReadWalkAsync(row, walks[0].Count, mounted, cancellationToken), mounted));
                        continue;
                    }

                    var answer = await WalkSql.ReadToLeavesAsync(row, walks[0].Count - 1, mounted, cancellationToken);
                    found.AddRange(walks.Select(w => (userId, userAndRoot, (IReadOnlyList<string>)w,
                        answer(w[^1]) is { } path ? path.Skip(1).Select(n => n.Node).ToArray() : [], mounted)));
                }
            }

            await row.NextResultAsync(cancellationToken);
            var anyLock = await row.ReadAsync(cancellationToken);
            return found.Select(f => new WalkPrefetch(f.UserId, f.UserAndRoot, f.Keys, f.Nodes, anyLock, f.Mounted)).ToArray();
        });
    }

    // A walk from the root's rows (WalkSql.FromRootWithMounts): the node at each depth below the root, as far as the keys
    // matched; the ids of those someone mounted, the root's too, go into mounted.
    private static async Task<Node[]> ReadWalkAsync(DbDataReader row, int keyCount, HashSet<string> mounted, CancellationToken cancellationToken)
    {
        var nodes = new Node[keyCount];
        var found = 0;
        while (await row.ReadAsync(cancellationToken))
        {
            var depth = (int)row.GetInt64(WalkSql.FromRootDepth);
            if (row.GetBoolean(WalkSql.FromRootMounted))
            {
                mounted.Add(row.GetString(0));
            }

            if (depth > 0)
            {
                nodes[depth - 1] = NodeRows.Read(row);
                found++;
            }
        }

        return found == nodes.Length ? nodes : nodes[..found];
    }

    public async Task<IReadOnlyList<Node>> ResolveAsync(string folderId, IReadOnlyList<string> nameKeys, CancellationToken cancellationToken)
    {
        if (nameKeys.Count == 0)
        {
            return [];
        }

        if (_prefetch is not null && _prefetch.TryResolve(folderId, nameKeys, out var prefetched))
        {
            return prefetched;
        }

        var nodes = new Node[nameKeys.Count];
        var found = 0;
        await FlushAsync(cancellationToken);
        await using var command = WalkSql.Command(
            await ConnectionAsync(cancellationToken), transaction, WalkSql.FromFolder(nameKeys.Count, _postgres), "@folderId", folderId, nameKeys);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            nodes[row.GetInt64(WalkSql.FromFolderDepth) - 1] = NodeRows.Read(row);
            found++;
        }

        return found == nodes.Length ? nodes : nodes[..found];
    }

    public async Task<IReadOnlyList<(Node Node, FileVersion? Current)>?> ResolveFromRootAsync(
        string userId, IReadOnlyList<string> nameKeys, CancellationToken cancellationToken, bool withContent = false)
    {
        if (_connection is null && walks is not null)
        {
            // A tree this node owns: no write to it can commit, so what the database answered once still holds.
            if (ownership?.Serving(userId) is not { } owned)
            {
                ownership?.Want(userId);
                return await walks.ResolveAsync(userId, nameKeys, withContent, cancellationToken);
            }

            var stamp = owned.Stamp;
            if (owned.TryGet(OwnedTree.WalkKey(nameKeys, withContent), out var walk))
            {
                FilesMetrics.OwnedTreeRead(page: false, hit: true);
                return walk;
            }

            FilesMetrics.OwnedTreeRead(page: false, hit: false);
            walk = await walks.ResolveAsync(userId, nameKeys, withContent, cancellationToken);
            owned.Add(nameKeys, withContent, walk, stamp);
            FolderReadAhead.Consider(database, ownership, owned, nameKeys, walk, withContent, stamp);
            return walk;
        }

        await FlushAsync(cancellationToken);
        var sql = withContent ? WalkSql.FromRootWithContent(nameKeys.Count, _postgres) : WalkSql.FromRoot(nameKeys.Count, _postgres);
        var connection = await ConnectionAsync(cancellationToken);
        if (connection is PooledSqliteConnection sqlite)
        {
            // Every request's walk: read straight from SQLite's statement (SqliteRows says why).
            using var rows = sqlite.Physical.Rows(sql);
            WalkSql.Bind(rows, "@userId", userId, nameKeys);
            return WalkSql.ReadFromRoot(rows, nameKeys.Count, withContent);
        }

        await using var command = WalkSql.Command(connection, transaction, sql, "@userId", userId, nameKeys);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        return await WalkSql.ReadFromRootAsync(row, nameKeys.Count, withContent, cancellationToken);
    }

    /// <summary>
    /// The best role a live share on <c>@nodeId</c> or an ancestor gives <c>@userId</c> (directly or through a group) at
    /// <c>@now</c>, and how many of the chain are trashed and found: <see cref="GetGrantAsync"/>, and the change feed's
    /// check that a mount's owner still sees what changed under it.
    /// </summary>
    internal const string GrantSql =
        "WITH RECURSIVE up(id, parent_id, trashed_at) AS (SELECT id, parent_id, trashed_at FROM nodes WHERE id = @nodeId " +
        "UNION ALL SELECT p.id, p.parent_id, p.trashed_at FROM nodes p JOIN up ON p.id = up.parent_id) " +
        "SELECT COALESCE((SELECT MAX(s.role) FROM shares s JOIN up ON s.node_id = up.id " +
        "WHERE (s.expires_at IS NULL OR s.expires_at > @now) AND ((s.grantee_kind = 0 AND s.grantee_id = @userId) " +
        "OR (s.grantee_kind = 1 AND s.grantee_id IN (SELECT g.group_id FROM group_members g WHERE g.user_id = @userId)))), 0) AS Role, " +
        "(SELECT COUNT(*) FROM up WHERE trashed_at IS NOT NULL) AS Trashed, (SELECT COUNT(*) FROM up) AS Found";

    public async Task<(int Role, bool Live)> GetGrantAsync(string userId, string nodeId, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var row = await (await ConnectionAsync(cancellationToken)).QuerySingleAsync<(long Role, long Trashed, long Found)>(new CommandDefinition(
            GrantSql, new { userId, nodeId, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
        return ((int)row.Role, row.Trashed == 0 && row.Found > 0);
    }

    public Task<string?> GetMountTargetAsync(string mountNodeId, CancellationToken cancellationToken) =>
        QuerySingleAsync<string>("SELECT target_id FROM mounts WHERE node_id = @mountNodeId", new { mountNodeId }, cancellationToken);

    // The mount's node was noted as created when it was inserted.
    public Task InsertMountAsync(string mountNodeId, string targetId, CancellationToken cancellationToken) => WriteAsync(
        "INSERT INTO mounts (node_id, target_id) VALUES (@mountNodeId, @targetId)", new { mountNodeId, targetId }, cancellationToken);

    // Only while the account exists: a root is created lazily, by a request that read its user outside the tree's lock, and
    // must not be inserted for an account deleted meanwhile. On PostgreSQL the user's row is locked as the foreign key
    // would lock it, so a deletion in progress is waited for and then finds the row gone, where the key's own check would
    // fail the request.
    public Task EnsureRootAsync(UserSpace user, long now, CancellationToken cancellationToken) => WriteAsync(
        "INSERT INTO nodes (id, owner_id, parent_id, name, name_key, kind, size, created_at, modified_at, revision) " +
        "SELECT @RootId, u.id, NULL, '', '', 0, 0, @now, @now, 0 FROM users u WHERE u.id = @Id" + (_postgres ? " FOR KEY SHARE" : "") +
        " ON CONFLICT (id) DO NOTHING",
        new { user.RootId, user.Id, now }, cancellationToken);

    public Task<Node?> GetNodeAsync(string id, CancellationToken cancellationToken) =>
        QueryNodeAsync($"SELECT {NodeRows.Columns} FROM nodes n WHERE n.id = @id", new { id }, cancellationToken);

    public Task<Node?> FindChildAsync(string parentId, string nameKey, CancellationToken cancellationToken) =>
        _prefetch is not null && _prefetch.TryFindChild(parentId, nameKey, out var child) ? Task.FromResult(child) : QueryNodeAsync(
            $"SELECT {NodeRows.Columns} FROM nodes n WHERE n.parent_id = @parentId AND n.name_key = @nameKey AND n.trashed_at IS NULL",
            new { parentId, nameKey }, cancellationToken);

    public async Task<IReadOnlyList<Node>> ListChildrenAsync(
        string parentId, ChildPage page, CancellationToken cancellationToken, string? treeOwnerId = null)
    {
        // A page of a tree this node owns, in a read session: kept, like the tree's walks.
        if (transaction is null && treeOwnerId is not null && ownership?.Serving(treeOwnerId) is { } owned)
        {
            var key = OwnedTree.PageKey(parentId, page);
            var stamp = owned.Stamp;
            if (owned.TryGetPage(key, out var kept))
            {
                FilesMetrics.OwnedTreeRead(page: true, hit: true);
                return kept;
            }

            FilesMetrics.OwnedTreeRead(page: true, hit: false);
            var read = await ReadChildrenAsync(parentId, page, cancellationToken);
            owned.AddPage(key, read, stamp);
            return read;
        }

        return await ReadChildrenAsync(parentId, page, cancellationToken);
    }

    private Task<IReadOnlyList<Node>> ReadChildrenAsync(string parentId, ChildPage page, CancellationToken cancellationToken)
    {
        var column = page.Order switch
        {
            ChildOrder.Size => "n.size",
            ChildOrder.Modified => "n.modified_at",
            _ => null,
        };
        var (cmp, dir) = page.Descending ? ("<", "DESC") : (">", "ASC");
        var within = column is null ? $"n.name_key {cmp} @AfterKey" : $"({column}, n.name_key) {cmp} (@AfterValue, @AfterKey)";
        var order = column is null ? $"n.name_key {dir}" : $"{column} {dir}, n.name_key {dir}";
        // Folders first: files (kind 1) form a second group, always after folders and mounts whichever way the rest runs.
        const string Group = "(CASE WHEN n.kind = 1 THEN 1 ELSE 0 END)";
        if (page.FoldersFirst)
        {
            within = $"({Group} > @AfterGroup OR ({Group} = @AfterGroup AND {within}))";
            order = $"{Group} ASC, {order}";
        }

        var after = page.AfterKey is null ? "" : $"AND {within} ";
        var checksums = page.Checksums;
        var sql = $"SELECT {NodeRows.ChildColumns}{(checksums ? NodeRows.ChildChecksums : "")} FROM nodes n " +
            $"WHERE n.parent_id = @parentId AND n.trashed_at IS NULL {after}" +
            $"ORDER BY {order} LIMIT @Limit";
        return ListChildrenAsync(sql, parentId, page, cancellationToken);
    }

    private async Task<IReadOnlyList<Node>> ListChildrenAsync(string sql, string parentId, ChildPage page, CancellationToken cancellationToken)
    {
        // A page of children is the largest result Depot reads on every listing and PROPFIND: on SQLite its rows are read
        // straight from the statement (SqliteRows says why). SQLite never holds writes back (DeferredWrites), so there is
        // nothing to send first.
        if (await ConnectionAsync(cancellationToken) is PooledSqliteConnection sqlite)
        {
            return ReadChildren(sqlite.Physical, sql, parentId, page, cancellationToken);
        }

        return await QueryRowsAsync(sql, new { parentId, page.AfterKey, page.AfterValue, page.Limit, page.AfterGroup },
            row => NodeRows.ReadChild(new DataReaderRow(row), parentId, page.Checksums), cancellationToken);
    }

    private static List<Node> ReadChildren(SqlitePhysicalConnection connection, string sql, string parentId, ChildPage page, CancellationToken cancellationToken)
    {
        using var rows = connection.Rows(sql);
        rows.Bind("@parentId", parentId);
        rows.Bind("@AfterKey", page.AfterKey);
        rows.Bind("@AfterValue", page.AfterValue);
        rows.Bind("@Limit", page.Limit);
        rows.Bind("@AfterGroup", page.AfterGroup);
        var children = new List<Node>();
        while (rows.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            children.Add(NodeRows.ReadChild(rows.Current, parentId, page.Checksums));
        }

        return children;
    }

    public Task<IReadOnlyList<Node>> GetAncestorsAsync(string id, CancellationToken cancellationToken) => QueryNodesAsync(
        "WITH RECURSIVE up(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM nodes WHERE id = @id " +
        "UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM nodes p JOIN up ON p.id = up.parent_id) " +
        $"SELECT {NodeRows.Columns} FROM nodes n JOIN up ON n.id = up.id ORDER BY up.depth",
        new { id }, cancellationToken);

    public async Task<IReadOnlyList<(Node Node, int Depth)>> GetSubtreeAsync(string id, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await using var row = await (await ConnectionAsync(cancellationToken)).ExecuteReaderAsync(new CommandDefinition(
            $"{SubtreeCte}SELECT {NodeRows.Columns}, sub.depth FROM nodes n JOIN sub ON n.id = sub.id ORDER BY sub.depth",
            new { id }, transaction, cancellationToken: cancellationToken));
        var nodes = new List<(Node, int)>();
        while (await row.ReadAsync(cancellationToken))
        {
            nodes.Add((NodeRows.Read(row), (int)row.GetInt64(NodeRows.ColumnCount)));
        }

        return nodes;
    }

    public async Task<(int Depth, IReadOnlyList<string> LongPaths)> GetSubtreeExtentAsync(string id, int minChars, CancellationToken cancellationToken)
    {
        // Character counts are portable SQL (length() counts characters in SQLite and PostgreSQL); UTF-8 needs at most
        // 4 bytes a character, so the caller measures bytes exactly on the few paths this returns.
        const string Walk =
            "WITH RECURSIVE sub(id, depth, rel) AS (SELECT id, 0, '' FROM nodes WHERE id = @id " +
            "UNION ALL SELECT c.id, sub.depth + 1, sub.rel || '/' || c.name FROM nodes c JOIN sub ON c.parent_id = sub.id " +
            "WHERE c.trashed_at IS NULL) ";
        await FlushAsync(cancellationToken);
        var depth = await (await ConnectionAsync(cancellationToken)).ExecuteScalarAsync<long>(new CommandDefinition(
            Walk + "SELECT MAX(depth) FROM sub", new { id }, transaction, cancellationToken: cancellationToken));
        var paths = await QueryAsync<string>(Walk + "SELECT rel FROM sub WHERE length(rel) >= @minChars", new { id, minChars }, cancellationToken);
        return ((int)depth, paths);
    }

    public Task InsertNodeAsync(Node node, CancellationToken cancellationToken)
    {
        _changes?.Add(Protocol.Changes.ChangeKinds.Created, node.Id);
        return InsertNodeRowAsync(node, cancellationToken);
    }

    private Task InsertNodeRowAsync(Node node, CancellationToken cancellationToken)
    {
        _batchWalks?.NoteNewNode(node.ParentId, node.NameKey);
        _newNodes[node.Id] = node;
        return WriteRowAsync(FileRowInserts.Node, NodeRowOf(node), cancellationToken);
    }

    private static object NodeRowOf(Node node) =>
        new
        {
            node.Id, node.OwnerId, node.ParentId, node.Name, node.NameKey, KindValue = (int)node.Kind, node.CurrentVersionId,
            node.Size, node.Sha256, node.ContentType, node.CreatedAt, node.ModifiedAt, node.TrashedAt, node.TrashedPath, node.Revision,
            node.Sha1, node.Md5,
        };

    public Task SetContentAsync(string nodeId, FileVersion version, string? contentType, long now, CancellationToken cancellationToken)
    {
        _changes?.Add(Protocol.Changes.ChangeKinds.Modified, nodeId);
        return WriteAsync(
            "UPDATE nodes SET current_version_id = @Id, size = @Size, sha256 = @Sha256, sha1 = @Sha1, md5 = @Md5, " +
            "content_type = @contentType, modified_at = @now WHERE id = @nodeId",
            new { version.Id, version.Size, version.Sha256, version.Sha1, version.Md5, contentType, now, nodeId }, cancellationToken);
    }

    public async Task KeepContentAsync(string nodeId, string versionId, long modifiedAt, ContentChecksums? checksums, CancellationToken cancellationToken)
    {
        // The same bytes again: no new version, but the modified time (and so what a sync client compares) may move.
        _changes?.Add(Protocol.Changes.ChangeKinds.Modified, nodeId);
        var (sha1, md5) = (checksums?.Sha1, checksums?.Md5);
        await WriteAsync("UPDATE nodes SET modified_at = @modifiedAt, sha1 = COALESCE(sha1, @sha1), md5 = COALESCE(md5, @md5) WHERE id = @nodeId",
            new { modifiedAt, sha1, md5, nodeId }, cancellationToken);
        if (checksums is not null)
        {
            await WriteAsync(
                "UPDATE versions SET sha1 = COALESCE(sha1, @sha1), md5 = COALESCE(md5, @md5), crc32c = COALESCE(crc32c, @crc32c) WHERE id = @versionId",
                new { sha1, md5, crc32c = (long?)checksums.Crc32c, versionId }, cancellationToken);
        }
    }

    public async Task RelocateAsync(string nodeId, string parentId, string name, CancellationToken cancellationToken)
    {
        // The old path is read before it changes: the feed says where a node came from.
        _changes?.Add(Protocol.Changes.ChangeKinds.Moved, nodeId, await ChainBeforeAsync(nodeId, cancellationToken));
        await WriteAsync("UPDATE nodes SET parent_id = @parentId, name = @name, name_key = @key WHERE id = @nodeId",
            new { parentId, name, key = NodeName.Key(name), nodeId }, cancellationToken);
    }

    public Task SetTrashedAsync(string nodeId, long? trashedAt, string? trashedPath, CancellationToken cancellationToken)
    {
        _changes?.Add(trashedAt is null ? Protocol.Changes.ChangeKinds.Restored : Protocol.Changes.ChangeKinds.Trashed, nodeId);
        return WriteAsync("UPDATE nodes SET trashed_at = @trashedAt, trashed_path = @trashedPath WHERE id = @nodeId",
            new { trashedAt, trashedPath, nodeId }, cancellationToken);
    }

    public Task TouchAsync(string folderId, long now, CancellationToken cancellationToken)
    {
        if (_counters is not null)
        {
            _counters.Touch(folderId, now);
            return Task.CompletedTask;
        }

        return WriteAsync("UPDATE nodes SET revision = revision + 1, modified_at = @now WHERE id = @folderId", new { folderId, now }, cancellationToken);
    }

    public async Task DeleteNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        _changes?.Add(Protocol.Changes.ChangeKinds.Purged, nodeId, await ChainBeforeAsync(nodeId, cancellationToken));
        await WriteAsync("DELETE FROM nodes WHERE id = @nodeId", new { nodeId }, cancellationToken);
    }

    private async Task<ChangeChain?> ChainBeforeAsync(string nodeId, CancellationToken cancellationToken) =>
        (await ChainsAsync([nodeId], cancellationToken)).GetValueOrDefault(nodeId);

    // Where the nodes are, with whatever writes are held back in the same round trip (the common case: one chunk).
    private async Task<Dictionary<string, ChangeChain>> ChainsAsync(string[] nodeIds, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        if (nodeIds.Length > ChangeRecorder.ChainChunk)
        {
            await FlushAsync(cancellationToken);
            return await ChangeRecorder.ChainsAsync(connection, transaction!, nodeIds, cancellationToken);
        }

        return await ReadAsync(ChangeRecorder.ChainSql(connection), new { Chunk = SqlLists.Values(connection, nodeIds) },
            row => ChangeRecorder.ReadChainsAsync(row, nodeIds, cancellationToken), cancellationToken);
    }

    public async Task InsertBlobAsync(StoredBlob blob, long now, CancellationToken cancellationToken)
    {
        await WriteRowAsync(FileRowInserts.Blob, new { blob.Id, blob.Size, blob.Sha256, now }, cancellationToken);
        if (blob.InlineContent is { } content)
        {
            if (_ownWrites is not null)
            {
                _newContents[blob.Id] = content;
            }

            await WriteRowAsync(FileRowInserts.BlobContent, new { blob.Id, content }, cancellationToken);
        }
    }

    public Task InsertVersionAsync(FileVersion version, CancellationToken cancellationToken)
    {
        if (_ownWrites is not null)
        {
            _newVersions[version.NodeId] = version;
        }

        return WriteRowAsync(
            FileRowInserts.Version,
            new
            {
                version.Id, version.NodeId, version.BlobId, version.Size, version.Sha256, version.CreatedAt, version.CreatedBy, version.Sha1,
                version.Md5, Crc32c = (long?)version.Crc32c,
            },
            cancellationToken);
    }

    public Task<FileVersion?> GetVersionAsync(string id, CancellationToken cancellationToken) =>
        QueryVersionAsync($"SELECT {NodeRows.VersionColumns} FROM versions v WHERE v.id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<FileVersion>> GetVersionsAsync(string nodeId, CancellationToken cancellationToken) =>
        QueryVersionsAsync(
            $"SELECT {NodeRows.VersionColumns} FROM versions v WHERE v.node_id = @nodeId ORDER BY v.created_at DESC, v.id DESC",
            new { nodeId }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> GetVersionAuthorsAsync(string nodeId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync<(string VersionId, string Username)>(
            "SELECT v.id, u.username FROM versions v JOIN users u ON u.id = v.created_by WHERE v.node_id = @nodeId",
            new { nodeId }, cancellationToken);
        return rows.ToDictionary(r => r.VersionId, r => r.Username, StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<FileVersion>> GetSubtreeVersionsAsync(string nodeId, CancellationToken cancellationToken) =>
        QueryVersionsAsync($"{SubtreeCte}SELECT {NodeRows.VersionColumns} FROM versions v JOIN sub ON v.node_id = sub.id",
            new { id = nodeId }, cancellationToken);

    public async Task DeleteVersionsAsync(IReadOnlyCollection<string> versionIds, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        foreach (var chunk in versionIds.Chunk(500))
        {
            await WriteAsync($"DELETE FROM versions WHERE {SqlLists.In(connection, "id", "chunk")}", new { chunk = SqlLists.Values(connection, chunk) }, cancellationToken);
        }
    }

    internal const string AddUsedBytesSql =
        "UPDATE users SET used_bytes = CASE WHEN used_bytes + @delta < 0 THEN 0 ELSE used_bytes + @delta END WHERE id = @userId";

    public Task AddUsedBytesAsync(string userId, long delta, CancellationToken cancellationToken)
    {
        if (_counters is not null)
        {
            _counters.AddUsedBytes(userId, delta);
            return Task.CompletedTask;
        }

        return WriteAsync(AddUsedBytesSql, new { userId, delta }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DeleteUnreferencedBlobsAsync(
        IReadOnlyCollection<string>? candidates, int limit, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        // While a backup's lease is live no blob row goes (the rows stay, unreferenced, for a later run to collect): the
        // backup's metadata snapshot may reference them, and it copies their files after the snapshot (docs/operations.md).
        const string unreferenced = $"NOT EXISTS (SELECT 1 FROM versions v WHERE v.blob_id = b.id) AND {BackupRecords.NoLiveLeaseSql}";
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        PieceWrote = true;   // the deletes below are queries (RETURNING)
        if (_postgres)
        {
            await WriteAsync(BackupRecords.HoldOffNewLeasesSql, new { }, cancellationToken);
        }

        var deleted = new List<string>();
        if (candidates is null)
        {
            deleted.AddRange(await QueryAsync<string>(
                $"DELETE FROM blobs WHERE id IN (SELECT b.id FROM blobs b WHERE {unreferenced} LIMIT @limit) RETURNING id",
                new { limit, now }, cancellationToken));
        }
        else
        {
            foreach (var chunk in candidates.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                deleted.AddRange(await QueryAsync<string>(
                    $"DELETE FROM blobs WHERE id IN (SELECT b.id FROM blobs b WHERE {SqlLists.In(connection, "b.id", "chunk")} AND {unreferenced}) RETURNING id",
                    new { chunk = SqlLists.Values(connection, chunk), now }, cancellationToken));
            }
        }

        await DeleteInlineContentAsync(connection, deleted, cancellationToken);
        return deleted;
    }

    // A small file's content goes with its blobs row, in the same transaction. On PostgreSQL no foreign key cascades it
    // (migration 0029: the check cost every upload a query); on SQLite the cascade has already done it.
    private async Task DeleteInlineContentAsync(DbConnection connection, IReadOnlyList<string> blobIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in blobIds.Where(Ids.IsInlineBlob).Chunk(500))
        {
            await WriteAsync($"DELETE FROM blob_contents WHERE {SqlLists.In(connection, "blob_id", "chunk")}",
                new { chunk = SqlLists.Values(connection, chunk) }, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> FindKnownBlobsAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        var known = new List<string>();
        foreach (var chunk in blobIds.Chunk(500))
        {
            // Thumbnails (migration 0023) are blobs no version references, known by the thumbnail cache instead.
            known.AddRange(await QueryAsync<string>(
                $"SELECT id FROM blobs WHERE {SqlLists.In(connection, "id", "chunk")} " +
                $"UNION SELECT thumbnail_blob_id FROM thumbnails WHERE {SqlLists.In(connection, "thumbnail_blob_id", "chunk")}",
                new { chunk = SqlLists.Values(connection, chunk) }, cancellationToken));
        }

        return known;
    }

    public Task<IReadOnlyList<Node>> ListTrashAsync(
        string ownerId, int limit, long? afterTrashedAt, string? afterId, CancellationToken cancellationToken) =>
        QueryNodesAsync(
            $"SELECT {NodeRows.Columns} FROM nodes n WHERE n.owner_id = @ownerId AND n.trashed_at IS NOT NULL " +
            (afterId is null ? "" : "AND (n.trashed_at, n.id) < (@afterTrashedAt, @afterId) ") +
            "ORDER BY n.trashed_at DESC, n.id DESC LIMIT @limit",
            new { ownerId, afterTrashedAt, afterId, limit }, cancellationToken);

    public Task<IReadOnlyList<Node>> FindTrashBeforeAsync(long before, int limit, CancellationToken cancellationToken) =>
        QueryNodesAsync(
            $"SELECT {NodeRows.Columns} FROM nodes n WHERE n.trashed_at IS NOT NULL AND n.trashed_at < @before ORDER BY n.trashed_at LIMIT @limit",
            new { before, limit }, cancellationToken);

    public Task<IReadOnlyList<FileVersion>> FindOldVersionsAsync(long before, int limit, CancellationToken cancellationToken) =>
        QueryVersionsAsync(
            $"SELECT {NodeRows.VersionColumns} FROM versions v JOIN nodes n ON n.id = v.node_id " +
            "WHERE v.created_at < @before AND (n.current_version_id IS NULL OR n.current_version_id <> v.id) " +
            "ORDER BY v.created_at LIMIT @limit",
            new { before, limit }, cancellationToken);

    public async Task<bool> ReleaseReservationAsync(string uploadId, long now, long keepUntil, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE uploads SET reserved_bytes = 0, committed_at = @now, expires_at = @keepUntil, lock_owner = NULL, lock_expires_at = NULL " +
            "WHERE id = @uploadId AND committed_at IS NULL AND expires_at > @now",
            new { uploadId, now, keepUntil }, cancellationToken) == 1;

    // A prefetched answer stays true: it was read holding the tree's lock, which every new lock there must take, and a
    // lock that was not live then is not live later.
    public async Task<bool> AnyLockAsync(long now, CancellationToken cancellationToken) =>
        _prefetch?.AnyLock ?? await QuerySingleAsync<int?>(SqlLockStore.AnySql, new { now }, cancellationToken) is not null;

    public Task<IReadOnlyList<LockRecord>> ListLocksAsync(string ownerId, long now, CancellationToken cancellationToken) =>
        QueryAsync<LockRecord>(SqlLockStore.ListSql, new { ownerId, now }, cancellationToken);

    public async Task DeleteLocksAsync(string ownerId, IReadOnlyCollection<string> tokens, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        foreach (var chunk in tokens.Chunk(500))
        {
            await WriteAsync($"DELETE FROM locks WHERE owner_id = @ownerId AND {SqlLists.In(connection, "token", "chunk")}", new { ownerId, chunk = SqlLists.Values(connection, chunk) }, cancellationToken);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (grouped)
        {
            throw new InvalidOperationException("Work inside a group commit must not commit; the group commits once for all of it.");
        }

        if (transaction is not null)
        {
            await CommitGroupAsync(cancellationToken);
            // Nothing runs on a committed session, so its connection goes back to the pool now, not when the caller's
            // scope ends: what follows a commit (its audit event, the response) must not hold it (ConnectionUse).
            await DisposeAsync();
        }
    }

    /// <summary>The one commit of a <see cref="GroupCommit"/> batch.</summary>
    public async Task CommitGroupAsync(CancellationToken cancellationToken)
    {
        // Before the counters' writes, after which the batch's walks answer nothing.
        var located = _changes is { Count: > 0 } ? _changes.NodesToLocate() : [];
        var chains = located.Length > 0 ? ChainsFromMemory(located) : null;
        var keep = ToKeep();
        var ownWrote = OwnWritten();
        if (_counters is { IsEmpty: false })
        {
            // Finished pieces' writes: a failed round trip carrying them must not let the batch commit without them.
            _inherited |= _deferred is { Batches: true };
            foreach (var (sql, parameters) in _counters.TakeStatements())
            {
                await WriteAsync(sql, parameters, cancellationToken);
            }
        }

        IReadOnlyList<ChangeNotice> notices = [];
        if (_changes is { Count: > 0 })
        {
            // The feed rows go in this transaction: where the nodes are now (from memory, or one query carrying the
            // held-back writes), then the rows, sent with the commit.
            if (located.Length == 0)
            {
                await FlushAsync(cancellationToken);   // only purges: what PrepareAsync may read must see this transaction's writes
            }
            else if (chains is null && _postgres)
            {
                // The chain query takes its ids as an array, whose length PostgreSQL plans for anew on every run: 0.3 ms of
                // planning for 0.1-0.3 ms of work, once per batch. Its generic plan is the same index walk. Only for what
                // is left of this transaction: the chain, the feed rows and the commit.
                await WriteAsync("SET LOCAL plan_cache_mode = force_generic_plan", new { }, cancellationToken);
            }

            var after = chains ?? (located.Length == 0 ? new Dictionary<string, ChangeChain>() : await ChainsAsync(located, cancellationToken));
            var prepared = await _changes.PrepareAsync(_connection!, transaction!, after, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            foreach (var (sql, parameters) in prepared.Statements)
            {
                await WriteAsync(sql, parameters, cancellationToken);
            }

            notices = prepared.Notices;
        }

        if (_deferred is { Batches: true })
        {
            await CommitWithHeldWritesAsync(cancellationToken);
        }
        else
        {
            await FlushAsync(cancellationToken);
            CommitSent = true;
            await transaction!.CommitAsync(cancellationToken);
        }

        ChangeRecorder.AnnounceAfterCommit(signal, notices);
        if (_recalled is { } recalled)
        {
            knownFolders!.Passed(recalled);
            FilesMetrics.BatchFromMemory(stale: false);
        }

        if (keep is not null)
        {
            foreach (var (user, walks) in keep)
            {
                knownFolders!.Keep(user, walks, _newNodes.Values.Select(n => (n.ParentId, n.NameKey)));
            }
        }

        foreach (var ownerId in batch ? [] : _ownWrites?.Keys.ToList() ?? [])
        {
            EndOwnWrite(ownerId, null);   // a write of any kind: what the tree kept is forgotten, and the tree stays owned
        }

        if (batch && ownership is not null)
        {
            foreach (var ownerId in _batchTrees)
            {
                if (_ownWrites?.ContainsKey(ownerId) == true)
                {
                    EndOwnWrite(ownerId, ownWrote.GetValueOrDefault(ownerId));
                }
                else
                {
                    // A tree this node writes it will likely read next (a client uploads, then lists or fetches): take it.
                    ownership.Want(ownerId);
                }
            }
        }
    }

    /// <summary>
    /// For each tree this batch writes as its owner (<see cref="BeginOwnWrite"/>), what its memory may take from the
    /// batch once it commits; null (forget everything) unless the batch wrote nothing but new files and their folders'
    /// touches since its walks (so they still answer) and set no savepoint (so every new row stays).
    /// </summary>
    private Dictionary<string, OwnWrite?> OwnWritten()
    {
        var wrote = new Dictionary<string, OwnWrite?>(StringComparer.Ordinal);
        if (_ownWrites is null)
        {
            return wrote;
        }

        var newRowsOnly = _batchWalks is not null && _walksToKeep is not null && !_savepointSet &&
                          _newNodes.Values.All(n => n.Kind == NodeKind.File);
        var touches = _counters?.Touches() ?? [];
        var added = _newNodes.Values.ToDictionary(n => (n.ParentId, n.NameKey));
        foreach (var ownerId in _ownWrites.Keys)
        {
            wrote[ownerId] = newRowsOnly ? OwnWriteOf(ownerId, touches, added) : null;
        }

        return wrote;
    }

    private OwnWrite OwnWriteOf(
        string ownerId, IReadOnlyList<(string FolderId, long Count, long ModifiedAt)> touches, Dictionary<(string? ParentId, string NameKey), Node> added)
    {
        var foldersRead = new List<Node>();
        var files = new List<OwnWrite.NewFile>();
        foreach (var walk in _walksToKeep!.Where(w => w.UserId == ownerId && w.UserAndRoot?.Root is not null))
        {
            var root = walk.UserAndRoot!.Value.Root!;
            var depth = walk.Keys.Count - 1;
            var folders = walk.Nodes.Take(depth).ToArray();
            if (depth < 0 || folders.Length < depth || folders.Any(n => !n.IsFolder || n.OwnerId != ownerId))
            {
                continue;
            }

            if (_recalled != ownerId)
            {
                // Read under the tree's lock in this transaction, before its writes: exact, but for the touches.
                foldersRead.Add(root);
                foldersRead.AddRange(folders);
            }

            var parentId = depth == 0 ? root.Id : folders[^1].Id;
            if (walk.Nodes.Length == depth && added.TryGetValue((parentId, walk.Keys[^1]), out var node) &&
                _newVersions.TryGetValue(node.Id, out var version))
            {
                files.Add(new OwnWrite.NewFile(
                    walk.Keys, [root.Id, .. folders.Select(f => f.Id)], node,
                    version with { InlineContent = _newContents.GetValueOrDefault(version.BlobId) }));
            }
        }

        return new OwnWrite(foldersRead, touches, files);
    }

    /// <summary>
    /// For <see cref="KnownFolders"/>, by user: the storage fields as they will stand after this commit and the walks
    /// whose folders to keep. Only where the batch wrote nothing but new rows and the counters since its walks (so they
    /// still answer) and set no savepoint (so every new row stays): then the folders are where they were, and the used
    /// bytes moved by what the counters hold.
    /// </summary>
    private List<(UserSpace User, List<WalkPrefetch> Walks)>? ToKeep()
    {
        if (knownFolders is null || _walksToKeep is not { Count: > 0 } || _batchWalks is null || _savepointSet)
        {
            return null;
        }

        return [.. _walksToKeep
            .Where(w => w.UserAndRoot is { Root: not null })
            .GroupBy(w => w.UserId, StringComparer.Ordinal)
            .Select(g =>
            {
                var user = g.First().UserAndRoot!.Value.User;
                var used = Math.Max(0, user.UsedBytes + (_counters?.PendingUsedBytes(g.Key) ?? 0));
                return (user with { UsedBytes = used }, g.ToList());
            })];
    }

    /// <summary>
    /// The held-back writes and the COMMIT in one round trip (PostgreSQL). The tree's lock is held until the COMMIT is
    /// answered, and the tree's next writers wait for it: under load a round trip cost a group commit batch about half a
    /// millisecond, a tenth of its time (bench/README.md, "Issue 10: fewer round trips under the tree's lock"). Npgsql
    /// sees the transaction end from the server's answer, and the transaction object is then done with.
    /// </summary>
    private async Task CommitWithHeldWritesAsync(CancellationToken cancellationToken)
    {
        _deferred!.Add("COMMIT", null);
        CommitSent = true;
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Npgsql.PostgresException e) when (e.InvariantSeverity == "ERROR")
        {
            // The server refused one of the round trip's statements, the COMMIT or one before it, and the session lives on:
            // nothing committed. A refused statement aborts the transaction, PostgreSQL skips what follows it until the
            // round trip's end, and a COMMIT it refuses rolls back. (A FATAL error may follow a COMMIT that succeeded.)
            CommitSent = false;
            throw;
        }
    }

    /// <summary>
    /// The chain of each of <paramref name="located"/> up to its root without asking the database, or null. Only where the
    /// batch wrote nothing but new rows since it read its walks under its trees' locks (so <see cref="BatchWalks"/> still
    /// answers, and what they found is where it was) and every node located is a file this session inserted, whose
    /// folders the walks found or this session inserted, none of them mounted. Then the chain query would only read back
    /// what the session already knows: a batch of uploads into existing folders (the common case) sends its rows and its
    /// COMMIT in one round trip, after the one that took its trees. (A folder's own feed row carries its revision, which
    /// the batch's touches move: folders go the query's way.)
    /// </summary>
    private Dictionary<string, ChangeChain>? ChainsFromMemory(string[] located)
    {
        if (_batchWalks is not { } walks || _savepointSet)
        {
            return null;
        }

        var chains = new Dictionary<string, ChangeChain>(located.Length, StringComparer.Ordinal);
        foreach (var id in located)
        {
            if (!_newNodes.TryGetValue(id, out var node) || node.Kind != NodeKind.File)
            {
                return null;
            }

            var links = new List<Node> { node };
            for (var parentId = node.ParentId; parentId is not null; parentId = links[^1].ParentId)
            {
                // A new folder cannot be mounted yet: a mount is a write that ends the walks.
                if (_newNodes.TryGetValue(parentId, out var parent) || (walks.TryGetNode(parentId, out parent, out var mounted) && !mounted))
                {
                    links.Add(parent);
                    continue;
                }

                return null;
            }

            chains[id] = new ChangeChain(links, new HashSet<string>());
        }

        return chains;
    }

    /// <summary>Sends the writes held back so far: a group's work does, so that their errors are its own.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_deferred is { Count: > 0 })
        {
            await SendAsync(async () =>
            {
                await _deferred.FlushAsync(cancellationToken);
                return true;
            });
        }
    }

    /// <summary>
    /// Whether a group's first run goes without a savepoint a piece (<see cref="GroupCommit"/> says why): where writes are
    /// held back (PostgreSQL), not SQLite, where a savepoint costs microseconds in-process.
    /// </summary>
    public bool RunsPiecesWithoutSavepoints => _deferred is { Batches: true };

    /// <summary>Whether the piece begun with <see cref="BeginPiece"/> wrote (or held back a write, or took a lock).</summary>
    public bool PieceWrote { get; private set; }

    /// <summary>Starts a group piece (a savepoint also begins one): what the session notes in memory gets a mark to return to.</summary>
    public void BeginPiece()
    {
        _prefetch = null;
        _changes?.Mark();
        _counters?.Mark();
        PieceWrote = false;
    }

    /// <summary>Ends a piece that succeeded: what is still held back now includes a finished piece's writes.</summary>
    public void EndPiece() => _inherited |= _deferred is { Count: > 0 };

    /// <summary>Forgets what a piece noted in memory: one that failed before its first write, or was rolled back to its savepoint.</summary>
    public void ForgetPiece()
    {
        _prefetch = null;
        _changes?.RollBackToMark();
        _counters?.RollBackToMark();
    }

    // SAVEPOINT, ROLLBACK TO and RELEASE are the same statements on SQLite and PostgreSQL.
    public Task SavepointAsync(string name)
    {
        _savepointSet = true;
        BeginPiece();
        _lockedSinceSavepoint.Clear();
        if (_deferred is not { Batches: true })
        {
            return transaction!.SaveAsync(name);
        }

        _savepointAt = _deferred.Count;
        _savepointDropped = false;
        _deferred.Add($"SAVEPOINT {name}", null);
        return Task.CompletedTask;
    }

    public async Task RollbackToSavepointAsync(string name)
    {
        if (_deferred is { Batches: true } && _savepointAt >= 0)
        {
            _deferred.DropFrom(_savepointAt);   // nothing since the savepoint reached the database
            _savepointDropped = true;
        }
        else
        {
            // Everything still held back came after the savepoint, which was sent: the rollback undoes it all.
            _deferred?.DropFrom(0);
            await transaction!.RollbackAsync(name);
        }

        _savepointAt = -1;
        ForgetPiece();
        // PostgreSQL releases locks taken in a subtransaction that rolls back: forget them, so they are taken again.
        _lockedTrees.ExceptWith(_lockedSinceSavepoint);
        _lockedSinceSavepoint.Clear();
    }

    public Task ReleaseSavepointAsync(string name)
    {
        if (_deferred is not { Batches: true })
        {
            return transaction!.ReleaseAsync(name);
        }

        if (_savepointDropped)
        {
            _savepointDropped = false;
            return Task.CompletedTask;
        }

        // What is still held back now are writes of a piece that is done (a RELEASE alone changes nothing).
        _inherited |= _deferred.Count > 0;
        _deferred.Add($"RELEASE SAVEPOINT {name}", null);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // Once only. A commit disposes the session, and the caller's scope disposes it again. By then its connection is
        // back in the pool, and Npgsql keeps one transaction object per pooled connection: disposing ours again would
        // roll back whichever request holds that connection now.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            // A group commit batch's connection is its loop's (LaneConnection), kept for the next batch: the transaction's end
            // above left it idle.
            if (_connection is not null && ownsConnection)
            {
                await _connection.DisposeAsync();
            }
        }
        finally
        {
            // Own writes a commit did not end: rolled back, so nothing changed; or COMMIT was sent and its outcome is not known.
            foreach (var ownerId in _ownWrites?.Keys.ToList() ?? [])
            {
                EndOwnWrite(ownerId, CommitSent ? null : OwnWrite.None);
            }
        }
    }

    private async ValueTask<DbConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _connection ??= await database.OpenAsync(cancellationToken);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return (await (await ConnectionAsync(cancellationToken)).QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))).AsList();
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return await (await ConnectionAsync(cancellationToken)).QuerySingleOrDefaultAsync<T?>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
    }

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        _prefetch = null;
        _batchWalks = null;
        PieceWrote = true;
        await FlushAsync(cancellationToken);
        return await (await ConnectionAsync(cancellationToken)).ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
    }

    // A write whose row count nothing reads: held back where the provider batches (DeferredWrites).
    private Task WriteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        _prefetch = null;
        _batchWalks = null;
        PieceWrote = true;
        if (_deferred is not { Batches: true })
        {
            return ExecuteAsync(sql, parameters, cancellationToken);
        }

        _deferred.Add(sql, parameters);
        return Task.CompletedTask;
    }

    // The same for a row insert, which PostgreSQL may send with others of its kind (RowInsert).
    private Task WriteRowAsync(RowInsert insert, object parameters, CancellationToken cancellationToken)
    {
        if (_deferred is not { Batches: true })
        {
            return WriteAsync(insert.Sql, parameters, cancellationToken);
        }

        _prefetch = null;
        PieceWrote = true;
        _deferred.Add(insert, parameters);
        return Task.CompletedTask;
    }

    // Node and version rows go through NodeRows (typed getters) rather than Dapper's mapper; see there why.
    private Task<IReadOnlyList<Node>> QueryNodesAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        QueryRowsAsync(sql, parameters, row => NodeRows.Read(row), cancellationToken);

    private async Task<Node?> QueryNodeAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        (await QueryNodesAsync(sql, parameters, cancellationToken)).SingleOrDefault();

    private Task<IReadOnlyList<FileVersion>> QueryVersionsAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        QueryRowsAsync(sql, parameters, row => NodeRows.ReadVersion(row, 0)!, cancellationToken);

    private async Task<FileVersion?> QueryVersionAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        (await QueryVersionsAsync(sql, parameters, cancellationToken)).SingleOrDefault();

    private Task<IReadOnlyList<T>> QueryRowsAsync<T>(
        string sql, object parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<T>>(sql, parameters, async row =>
        {
            var rows = new List<T>();
            while (await row.ReadAsync(cancellationToken))
            {
                rows.Add(read(row));
            }

            return rows;
        }, cancellationToken);

    /// <summary>
    /// A round trip failed while it carried writes of group pieces that had already finished, or the guard of a batch
    /// from memory: they may not have happened, so the group must not commit, nor roll back to a savepoint and go on
    /// (GroupCommit runs it again).
    /// </summary>
    public bool LostEarlierWrites { get; private set; }

    /// <summary>
    /// The batch took its first reads from memory (<see cref="KnownFolders"/>) and the round trip with their guard failed:
    /// the tree changed since, or was busy, or a name was taken. GroupCommit runs the batch again with reads.
    /// </summary>
    public bool StaleMemory { get; private set; }

    /// <summary>COMMIT was sent: after a failure from here on, whether the transaction committed is unknown.</summary>
    public bool CommitSent { get; private set; }

    // Sends what DeferredWrites holds (and a query); the savepoint, if held back, goes with it.
    private async Task<T> SendAsync<T>(Func<Task<T>> send)
    {
        _savepointAt = -1;
        try
        {
            var answer = await send();
            _inherited = false;
            _guarded = null;
            return answer;
        }
        catch when (_inherited || _guarded is not null)
        {
            LostEarlierWrites = true;
            if (_guarded is { } userId)
            {
                // The guard refused what memory held, or the round trip it rode on failed: read the tree again.
                StaleMemory = true;
                knownFolders!.Forget(userId);
                FilesMetrics.BatchFromMemory(stale: true);
            }

            throw;
        }
    }

    // A query with plain (property) parameters: whatever writes are held back go in its round trip (DeferredWrites).
    private async Task<T> ReadAsync<T>(string sql, object parameters, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        if (_deferred is { Batches: true, Count: > 0 })
        {
            return await SendAsync(() => _deferred.ReadAsync(sql, parameters, read, cancellationToken));
        }

        await using var row = await (await ConnectionAsync(cancellationToken)).ExecuteReaderAsync(
            new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        return await read(row);
    }
}
