using System.Data.Common;
using System.Globalization;
using Dapper;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Protocol.Changes;
using Npgsql;

namespace Depot.Core.Changes;

/// <summary>
/// Notes the changes one write transaction makes and, just before it commits, writes them into the change feed of every
/// user who sees them (docs/architecture.md, "The change feed"). The rows are written in the same transaction as the
/// change, so a rolled-back write records nothing and a committed one is in the feed.
/// <para>
/// Gap-free cursors: each user's counter row (<c>change_cursors</c>) is bumped with an upsert that holds its row lock
/// until the transaction ends, so a second writer for the same user waits at that statement until the first one
/// committed; seqs therefore become visible in the order they were handed out, and a reader that saw seq n has seen every
/// seq below it. Counters are taken last, right before the commit and in user-id order, so they add no deadlock: a
/// transaction holding one waits only for another counter, never for a tree.
/// </para>
/// </summary>
internal sealed class ChangeRecorder
{
    private readonly List<ChangeDraft> _drafts = [];
    private int _mark;

    public int Count => _drafts.Count;

    public void Add(string kind, string nodeId, ChangeChain? before = null) => _drafts.Add(new ChangeDraft(kind, nodeId, before));

    /// <summary>Where the open savepoint began: a rollback to it drops what was noted since.</summary>
    public void Mark() => _mark = _drafts.Count;

    public void RollBackToMark()
    {
        _drafts.RemoveRange(_mark, _drafts.Count - _mark);
    }

    /// <summary>The nodes whose place after the transaction the rows need (every noted one but the purged, which are gone).</summary>
    public string[] NodesToLocate() =>
        [.. _drafts.Where(d => d.Kind != ChangeKinds.Purged).Select(d => d.NodeId).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The statements that write the noted changes as feed rows in <paramref name="transaction"/>, given where each node
    /// is now (<paramref name="after"/>, from <see cref="ChainSql"/>): each user's counter bumped, users in id order, then
    /// the rows, whose seqs count back from the bumped counter. Nothing in them is read back, so the file session sends
    /// them with its held-back writes in one round trip. Also returns the notices, for <see cref="AnnounceAfterCommit"/>.
    /// </summary>
    public async Task<(List<(string Sql, object Parameters)> Statements, IReadOnlyList<ChangeNotice> Notices)> PrepareAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, ChangeChain> after, long now,
        CancellationToken cancellationToken)
    {
        var context = new Context(connection, transaction, now);
        await context.LoadMountsAsync([.. after.Values, .. _drafts.Select(d => d.Before).OfType<ChangeChain>()], cancellationToken);
        var rows = new List<ChangeRow>();
        foreach (var draft in _drafts)
        {
            after.TryGetValue(draft.NodeId, out var chain);
            await RowsOfAsync(context, draft, chain, rows, cancellationToken);
        }

        _drafts.Clear();
        _mark = 0;
        var statements = new List<(string, object)>();
        var notices = new List<ChangeNotice>();
        foreach (var user in rows.GroupBy(r => r.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // This upsert holds the counter row until the transaction ends: see the class comment.
            var count = (long)user.Count();
            statements.Add((BumpSql, new { UserId = user.Key, Count = count }));
            if (connection is NpgsqlConnection)
            {
                statements.Add((InsertManySql, RowArrays(user.Key, [.. user], now)));
            }
            else
            {
                var back = count;
                foreach (var row in user)
                {
                    back--;
                    statements.Add((InsertSql, new
                    {
                        row.UserId, Back = back, row.Kind, NodeId = row.Node.Id, NodeKind = (int)row.Node.Kind, row.Path, row.OldPath,
                        Size = SizeOf(row), ETag = ETagOf(row), At = now,
                    }));
                }
            }

            notices.Add(new ChangeNotice(user.Key));
        }

        return (statements, notices);
    }

    private const string BumpSql =
        "INSERT INTO change_cursors (user_id, last_seq) VALUES (@UserId, @Count) " +
        "ON CONFLICT (user_id) DO UPDATE SET last_seq = change_cursors.last_seq + @Count";

    // The row's seq is the counter as this transaction left it, less how many of its rows for the user come after.
    private const string InsertSql =
        "INSERT INTO changes (user_id, seq, kind, node_id, node_kind, path, old_path, size, etag, at) VALUES (@UserId, " +
        "(SELECT last_seq FROM change_cursors WHERE user_id = @UserId) - @Back, @Kind, @NodeId, @NodeKind, @Path, @OldPath, @Size, @ETag, @At)";

    // PostgreSQL: a user's rows as one statement (RowInsert says why), each row's seq counted back from the counter.
    private const string InsertManySql =
        "INSERT INTO changes (user_id, seq, kind, node_id, node_kind, path, old_path, size, etag, at) " +
        "SELECT @UserId, c.last_seq - r.back, r.kind, r.node_id, r.node_kind, r.path, r.old_path, r.size, r.etag, @At " +
        "FROM change_cursors c CROSS JOIN unnest(@Back, @Kind, @NodeId, @NodeKind, @Path, @OldPath, @Size, @ETag) " +
        "AS r(back, kind, node_id, node_kind, path, old_path, size, etag) WHERE c.user_id = @UserId";

    private static object RowArrays(string userId, ChangeRow[] rows, long now) => new
    {
        UserId = userId,
        At = now,
        Back = rows.Select((_, i) => (long)(rows.Length - 1 - i)).ToArray(),
        Kind = rows.Select(r => r.Kind).ToArray(),
        NodeId = rows.Select(r => r.Node.Id).ToArray(),
        NodeKind = rows.Select(r => (int)r.Node.Kind).ToArray(),
        Path = rows.Select(r => r.Path).ToArray(),
        OldPath = rows.Select(r => r.OldPath).ToArray(),
        Size = rows.Select(SizeOf).ToArray(),
        ETag = rows.Select(ETagOf).ToArray(),
    };

    private static long? SizeOf(ChangeRow row) => row.Node.Kind == NodeKind.File ? row.Node.Size : null;

    private static string? ETagOf(ChangeRow row) => row.Node.Kind == NodeKind.Mount ? null : row.Node.ETag;

    /// <summary>
    /// Everything in one go on a plain connection and transaction (the share store's): locate, prepare, execute. The
    /// caller commits, then calls <see cref="AnnounceAfterCommit"/>.
    /// </summary>
    public async Task<IReadOnlyList<ChangeNotice>> FlushAsync(
        DbConnection connection, DbTransaction transaction, long now, CancellationToken cancellationToken)
    {
        var (statements, notices) = await PrepareAsync(connection, transaction, now, cancellationToken);
        await ExecuteAsync(connection, transaction, statements, cancellationToken);
        return notices;
    }

    /// <summary><see cref="PrepareAsync(DbConnection, DbTransaction, IReadOnlyDictionary{string, ChangeChain}, long, CancellationToken)"/>, locating the nodes itself.</summary>
    public async Task<(List<(string Sql, object Parameters)> Statements, IReadOnlyList<ChangeNotice> Notices)> PrepareAsync(
        DbConnection connection, DbTransaction transaction, long now, CancellationToken cancellationToken) =>
        _drafts.Count == 0
            ? ([], [])
            : await PrepareAsync(connection, transaction, await ChainsAsync(connection, transaction, NodesToLocate(), cancellationToken), now, cancellationToken);

    public static async Task ExecuteAsync(
        DbConnection connection, DbTransaction transaction, List<(string Sql, object Parameters)> statements, CancellationToken cancellationToken)
    {
        foreach (var (sql, parameters) in statements)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>After the commit (never before: a rolled-back write announces nothing), the waiting readers are told.</summary>
    public static void AnnounceAfterCommit(ClusterSignal? signal, IReadOnlyList<ChangeNotice> notices)
    {
        if (signal is not null && notices.Count > 0)
        {
            signal.AnnounceChanges(notices);
        }
    }

    private static async Task RowsOfAsync(Context context, ChangeDraft draft, ChangeChain? chain, List<ChangeRow> rows, CancellationToken cancellationToken)
    {
        switch (draft.Kind)
        {
            case ChangeKinds.Purged:
                // Out of the tree already (in the trash): only its owner knew it was there.
                if (draft.Before is { } gone)
                {
                    rows.Add(new ChangeRow(gone.Node.OwnerId, ChangeKinds.Purged, gone.Node, gone.Path, null));
                }

                break;
            case ChangeKinds.Moved:
                // A restore relocates a trashed node (seen as its restore), and a purge tidies trashed ones: neither is a move.
                if (draft.Before is not { Live: true } before || chain is not { Live: true })
                {
                    break;
                }

                var old = await context.ViewsAsync(before, cancellationToken);
                var now = await context.ViewsAsync(chain, cancellationToken);
                foreach (var view in now)
                {
                    var was = old.FirstOrDefault(o => o.UserId == view.UserId);
                    rows.Add(was.UserId is null
                        ? new ChangeRow(view.UserId, ChangeKinds.Created, chain.Node, view.Path, null)
                        : new ChangeRow(view.UserId, ChangeKinds.Moved, chain.Node, view.Path, was.Path));
                }

                foreach (var view in old.Where(o => now.All(n => n.UserId != o.UserId)))
                {
                    rows.Add(new ChangeRow(view.UserId, ChangeKinds.Removed, chain.Node, view.Path, null));
                }

                break;
            case ChangeKinds.Trashed:
                if (chain is { LiveAbove: true })
                {
                    await AddViewsAsync(context, draft.Kind, chain, rows, cancellationToken);
                }

                break;
            default:
                if (chain is { Live: true })
                {
                    await AddViewsAsync(context, draft.Kind, chain, rows, cancellationToken);
                }

                break;
        }
    }

    private static async Task AddViewsAsync(Context context, string kind, ChangeChain chain, List<ChangeRow> rows, CancellationToken cancellationToken)
    {
        foreach (var view in await context.ViewsAsync(chain, cancellationToken))
        {
            rows.Add(new ChangeRow(view.UserId, kind, chain.Node, view.Path, null));
        }
    }

    // Built once per backend (the text depends only on it).
    private static string? ChainPostgresSql;
    private static string? ChainSqliteSql;

    /// <summary>
    /// The query behind <see cref="ChainsAsync"/>, over <c>@Chunk</c> (at most 500 ids): every node from these up to their
    /// roots, each once, and whether someone mounted it; <see cref="ReadChainsAsync"/> puts each id's chain together. For
    /// a session that sends it together with its held-back writes.
    /// <para>
    /// Each node once (<c>UNION</c>, not one chain per id): a batch of uploads into one folder climbed the same folders
    /// once per upload, and probed the same mounts, in the one backend the tree's uploads wait for.
    /// The rows carry each node's columns as they climb, so no join with <c>nodes</c> follows the recursion: PostgreSQL's
    /// generic plan for that join (it guesses a thousand chain rows) was a hash join over a sequential scan of all of
    /// <c>nodes</c>, 14 ms at 16,000 nodes and growing with the tree, once per group commit. On PostgreSQL each step is
    /// also a LATERAL lookup behind <c>OFFSET 0</c>, an index lookup whatever the statistics say (as in <see cref="Files.WalkSql"/>).
    /// </para>
    /// </summary>
    public static string ChainSql(DbConnection connection) => connection is NpgsqlConnection
        ? ChainPostgresSql ??= Chain(connection, "CROSS JOIN LATERAL (SELECT * FROM nodes n WHERE n.id = up.parent_id OFFSET 0) n")
        : ChainSqliteSql ??= Chain(connection, "JOIN nodes n ON n.id = up.parent_id");

    private static string Chain(DbConnection connection, string parentStep) =>
        $"WITH RECURSIVE up({NodeRows.Names}) AS (" +
        $"SELECT {NodeRows.Columns} FROM nodes n WHERE {SqlLists.In(connection, "n.id", "Chunk")} " +
        $"UNION SELECT {NodeRows.Columns} FROM up {parentStep}) " +
        $"SELECT CASE WHEN EXISTS (SELECT 1 FROM mounts m WHERE m.target_id = up.id) THEN 1 ELSE 0 END, {NodeRows.Names} FROM up";

    public const int ChainChunk = 500;

    /// <summary>
    /// Reads <see cref="ChainSql"/>'s rows (skipping the empty results of statements sent before it) into the chain of
    /// each of <paramref name="starts"/> that exists: the node, its parent, and so on up to its root.
    /// </summary>
    public static async Task<Dictionary<string, ChangeChain>> ReadChainsAsync(
        DbDataReader row, IEnumerable<string> starts, CancellationToken cancellationToken)
    {
        while (row.FieldCount == 0 && await row.NextResultAsync(cancellationToken))
        {
        }

        var climbed = new Dictionary<string, (Node Node, bool Mounted)>(StringComparer.Ordinal);
        while (await row.ReadAsync(cancellationToken))
        {
            var node = NodeRows.Read(row, 1);
            climbed[node.Id] = (node, Convert.ToInt64(row.GetValue(0), CultureInfo.InvariantCulture) != 0);
        }

        var chains = new Dictionary<string, ChangeChain>(StringComparer.Ordinal);
        foreach (var start in starts)
        {
            var nodes = new List<Node>();
            var mounted = new HashSet<string>(StringComparer.Ordinal);
            for (var id = start; id is not null && climbed.TryGetValue(id, out var link); id = link.Node.ParentId)
            {
                nodes.Add(link.Node);
                if (link.Mounted)
                {
                    mounted.Add(id);
                }
            }

            if (nodes.Count > 0)
            {
                chains[start] = new ChangeChain(nodes, mounted);
            }
        }

        return chains;
    }

    /// <summary>Each node's chain up to its root, in one recursive query per 500 of them.</summary>
    public static async Task<Dictionary<string, ChangeChain>> ChainsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken)
    {
        var chains = new Dictionary<string, ChangeChain>(StringComparer.Ordinal);
        foreach (var chunk in nodeIds.Chunk(ChainChunk))
        {
            await using var row = await connection.ExecuteReaderAsync(new CommandDefinition(
                ChainSql(connection), new { Chunk = SqlLists.Values(connection, chunk) }, transaction, cancellationToken: cancellationToken));
            foreach (var (id, chain) in await ReadChainsAsync(row, chunk, cancellationToken))
            {
                chains[id] = chain;
            }
        }

        return chains;
    }

    /// <summary>
    /// Who sees a chain's node: its owner at its path, and each user who mounted the node or a folder above it while a
    /// share still gives them a role there, at the path through their mount (the first mount, by id, if several).
    /// </summary>
    private sealed class Context(DbConnection connection, DbTransaction transaction, long now)
    {
        private readonly Dictionary<string, List<(string MountId, string UserId)>> _mountsByTarget = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string), bool> _grants = [];
        private Dictionary<string, ChangeChain> _mountChains = new(StringComparer.Ordinal);

        public async Task LoadMountsAsync(IReadOnlyList<ChangeChain> chains, CancellationToken cancellationToken)
        {
            // Only nodes someone mounted: in the common case (no mounts on the way) this costs no query at all.
            var ids = chains.SelectMany(c => c.Mounted).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var chunk in ids.Chunk(500))
            {
                var mounts = await connection.QueryAsync<(string TargetId, string MountId, string UserId)>(new CommandDefinition(
                    "SELECT m.target_id, m.node_id, n.owner_id FROM mounts m JOIN nodes n ON n.id = m.node_id " +
                    $"WHERE {SqlLists.In(connection, "m.target_id", "chunk")} ORDER BY m.node_id",
                    new { chunk = SqlLists.Values(connection, chunk) }, transaction, cancellationToken: cancellationToken));
                foreach (var (targetId, mountId, userId) in mounts)
                {
                    if (!_mountsByTarget.TryGetValue(targetId, out var list))
                    {
                        _mountsByTarget[targetId] = list = [];
                    }

                    list.Add((mountId, userId));
                }
            }

            if (_mountsByTarget.Count > 0)
            {
                _mountChains = await ChainsAsync(connection, transaction,
                    [.. _mountsByTarget.Values.SelectMany(l => l).Select(m => m.MountId).Distinct(StringComparer.Ordinal)], cancellationToken);
            }
        }

        public async Task<IReadOnlyList<ChangeView>> ViewsAsync(ChangeChain chain, CancellationToken cancellationToken)
        {
            var owner = chain.Node.OwnerId;
            var views = new List<ChangeView> { new(owner, chain.Path) };
            for (var i = 0; i < chain.Links.Count && _mountsByTarget.Count > 0; i++)
            {
                if (!_mountsByTarget.TryGetValue(chain.Links[i].Id, out var mounts))
                {
                    continue;
                }

                foreach (var (mountId, userId) in mounts)
                {
                    if (views.Any(v => v.UserId == userId) || !_mountChains.TryGetValue(mountId, out var mount) || !mount.Live
                        || !await GrantedAsync(userId, chain.Links[i].Id, cancellationToken))
                    {
                        continue;
                    }

                    views.Add(new ChangeView(userId, mount.Path + chain.PathBelow(i)));
                }
            }

            return views;
        }

        // The same rule as a walk through the mount (AccessPolicy): a live share on the mounted item or above it.
        private async Task<bool> GrantedAsync(string userId, string targetId, CancellationToken cancellationToken)
        {
            if (!_grants.TryGetValue((userId, targetId), out var granted))
            {
                var row = await connection.QuerySingleAsync<(long Role, long Trashed, long Found)>(new CommandDefinition(
                    SqlFileSession.GrantSql, new { userId, nodeId = targetId, now }, transaction, cancellationToken: cancellationToken));
                _grants[(userId, targetId)] = granted = row.Role > 0;
            }

            return granted;
        }
    }
}
