using System.Data.Common;
using System.Globalization;
using System.Text;
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
    // Rows per INSERT statement: one round trip for a whole small write, bounded parameter count for a large copy.
    private const int InsertChunk = 100;

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

    /// <summary>
    /// Writes the noted changes as feed rows in <paramref name="transaction"/> and, on PostgreSQL, queues their
    /// <c>NOTIFY</c>, which PostgreSQL delivers when (and only if) the transaction commits. Returns the notices, for the
    /// caller to announce in-process after its commit where the database does not (<see cref="AnnounceAfterCommit"/>).
    /// </summary>
    public async Task<IReadOnlyList<ChangeNotice>> FlushAsync(
        DbConnection connection, DbTransaction transaction, long now, CancellationToken cancellationToken)
    {
        if (_drafts.Count == 0)
        {
            return [];
        }

        var context = new Context(connection, transaction, now);
        var after = await ChainsAsync(connection, transaction,
            [.. _drafts.Where(d => d.Kind != ChangeKinds.Purged).Select(d => d.NodeId).Distinct(StringComparer.Ordinal)], cancellationToken);
        await context.LoadMountsAsync([.. after.Values, .. _drafts.Select(d => d.Before).OfType<ChangeChain>()], cancellationToken);

        var rows = new List<ChangeRow>();
        foreach (var draft in _drafts)
        {
            after.TryGetValue(draft.NodeId, out var chain);
            await RowsOfAsync(context, draft, chain, rows, cancellationToken);
        }

        _drafts.Clear();
        _mark = 0;
        if (rows.Count == 0)
        {
            return [];
        }

        var notices = await AllocateAsync(connection, transaction, rows, cancellationToken);
        await InsertAsync(connection, transaction, rows, now, cancellationToken);
        if (connection is NpgsqlConnection)
        {
            foreach (var notice in notices)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)",
                    new { channel = PostgresClusterSignal.ChangesChannel, payload = notice.ToPayload() }, transaction,
                    cancellationToken: cancellationToken));
            }
        }

        return notices;
    }

    /// <summary>After the commit: in one process (SQLite) the writer tells the waiting readers itself.</summary>
    public static void AnnounceAfterCommit(ClusterSignal? signal, IReadOnlyList<ChangeNotice> notices)
    {
        if (signal is { NotifiesInTransaction: false } && notices.Count > 0)
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

    /// <summary>Hands out each user's next seqs, users in id order (see the class comment for why the order matters).</summary>
    private static async Task<IReadOnlyList<ChangeNotice>> AllocateAsync(
        DbConnection connection, DbTransaction transaction, List<ChangeRow> rows, CancellationToken cancellationToken)
    {
        var notices = new List<ChangeNotice>();
        foreach (var user in rows.GroupBy(r => r.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var count = user.Count();
            var last = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO change_cursors (user_id, last_seq) VALUES (@userId, @count) " +
                "ON CONFLICT (user_id) DO UPDATE SET last_seq = change_cursors.last_seq + @count RETURNING last_seq",
                new { userId = user.Key, count = (long)count }, transaction, cancellationToken: cancellationToken));
            var seq = last - count;
            foreach (var row in user)
            {
                row.Seq = ++seq;
            }

            notices.Add(new ChangeNotice(user.Key, last));
        }

        return notices;
    }

    private static async Task InsertAsync(
        DbConnection connection, DbTransaction transaction, List<ChangeRow> rows, long now, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(InsertChunk))
        {
            var sql = new StringBuilder("INSERT INTO changes (user_id, seq, kind, node_id, node_kind, path, old_path, size, etag, at) VALUES ");
            var parameters = new DynamicParameters();
            parameters.Add("at", now);
            for (var i = 0; i < chunk.Length; i++)
            {
                var row = chunk[i];
                var p = i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                    $"(@u{p}, @s{p}, @k{p}, @n{p}, @nk{p}, @p{p}, @o{p}, @z{p}, @e{p}, @at)");
                parameters.Add("u" + p, row.UserId);
                parameters.Add("s" + p, row.Seq);
                parameters.Add("k" + p, row.Kind);
                parameters.Add("n" + p, row.Node.Id);
                parameters.Add("nk" + p, (int)row.Node.Kind);
                parameters.Add("p" + p, row.Path);
                parameters.Add("o" + p, row.OldPath);
                parameters.Add("z" + p, row.Node.Kind == NodeKind.File ? row.Node.Size : (long?)null);
                parameters.Add("e" + p, row.Node.Kind == NodeKind.Mount ? null : row.Node.ETag);
            }

            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Each node's chain up to its root, in one recursive query for all of them.</summary>
    public static async Task<Dictionary<string, ChangeChain>> ChainsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken)
    {
        var chains = new Dictionary<string, ChangeChain>(StringComparer.Ordinal);
        foreach (var chunk in nodeIds.Chunk(500))
        {
            var links = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
            await using var row = await connection.ExecuteReaderAsync(new CommandDefinition(
                "WITH RECURSIVE up(start, id, parent_id, depth) AS (" +
                $"SELECT id, id, parent_id, 0 FROM nodes WHERE {SqlLists.In(connection, "id", "chunk")} " +
                "UNION ALL SELECT up.start, p.id, p.parent_id, up.depth + 1 FROM nodes p JOIN up ON p.id = up.parent_id) " +
                $"SELECT up.start, {NodeRows.Columns} FROM up JOIN nodes n ON n.id = up.id ORDER BY up.start, up.depth",
                new { chunk }, transaction, cancellationToken: cancellationToken));
            while (await row.ReadAsync(cancellationToken))
            {
                var start = row.GetString(0);
                if (!links.TryGetValue(start, out var list))
                {
                    links[start] = list = [];
                }

                list.Add(NodeRows.Read(row, 1));
            }

            foreach (var (start, list) in links)
            {
                chains[start] = new ChangeChain(list);
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
            var ids = chains.SelectMany(c => c.Links).Select(n => n.Id).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var chunk in ids.Chunk(500))
            {
                var mounts = await connection.QueryAsync<(string TargetId, string MountId, string UserId)>(new CommandDefinition(
                    "SELECT m.target_id, m.node_id, n.owner_id FROM mounts m JOIN nodes n ON n.id = m.node_id " +
                    $"WHERE {SqlLists.In(connection, "m.target_id", "chunk")} ORDER BY m.node_id",
                    new { chunk }, transaction, cancellationToken: cancellationToken));
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
