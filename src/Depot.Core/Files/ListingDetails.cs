using Dapper;
using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Core.Locks;

namespace Depot.Core.Files;

/// <summary>
/// The per-item details of one folder listing page, in a fixed number of queries whatever the page holds: one
/// recursive aggregate for every folder's size, one each for shares, links and favourites over the page's ids, and
/// the folder owner's live locks. Only what the caller may know: shares and links the caller owns or made, the
/// caller's own stars.
/// </summary>
public sealed class ListingDetails(IDatabase database, IFileStore files, ILockStore locks, TimeProvider clock)
{
    // One walk from every listed folder at once, each row carrying the listed folder it came from (root_id). It stops
    // at trashed nodes (a trashed subtree is marked on its top node only) and does not follow mounts (their content is
    // someone else's). A folder counts the current size of its files, not old versions, like a desktop file manager.
    private static string SizesSql(string idIn) =>
        "WITH RECURSIVE sub(root_id, id, kind, size) AS (" +
        "SELECT n.id, n.id, n.kind, CAST(0 AS BIGINT) FROM nodes n WHERE " + idIn + " " +
        "UNION ALL SELECT sub.root_id, c.id, c.kind, c.size FROM nodes c JOIN sub ON c.parent_id = sub.id " +
        "WHERE sub.kind = 0 AND c.trashed_at IS NULL) " +
        "SELECT root_id AS Id, CAST(SUM(CASE WHEN kind = 1 THEN size ELSE 0 END) AS BIGINT) AS Size FROM sub GROUP BY root_id";

    private static string SharedSql(string idIn) =>
        "SELECT DISTINCT node_id FROM shares WHERE " + idIn + " AND (owner_id = @me OR created_by = @me) AND (expires_at IS NULL OR expires_at > @now)";

    private static string LinkedSql(string idIn) =>
        "SELECT DISTINCT node_id FROM links WHERE " + idIn + " AND (owner_id = @me OR created_by = @me) AND (expires_at IS NULL OR expires_at > @now)";

    // A star is on the node in the caller's tree: for a mount, the mount's id, not its target's.
    private static string FavouritesSql(string idIn) => "SELECT node_id FROM favourites WHERE user_id = @me AND " + idIn;

    /// <summary>Details keyed by each item's node id (a mount's: the item it points at). Empty for a public link's visitor.</summary>
    public async Task<IReadOnlyDictionary<string, ItemDetails>> ReadAsync(Caller caller, FolderPage page, CancellationToken cancellationToken)
    {
        if (caller.Link is not null || page.Items.Count == 0)
        {
            return new Dictionary<string, ItemDetails>();
        }

        var ids = page.Items.Select(i => i.Node.Id).Distinct().ToArray();
        var folders = page.Items.Where(i => i.Node.IsFolder).Select(i => i.Node.Id).Distinct().ToArray();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Dictionary<string, long> sizes;
        HashSet<string> shared, linked, starred;
        await using (var db = await database.OpenAsync(cancellationToken))
        {
            string In(string column) => SqlLists.In(db, column, "ids");
            var args = new { ids = SqlLists.Values(db, folders), me = caller.UserId, now };
            sizes = folders.Length == 0 ? [] : (await db.QueryAsync<(string Id, long Size)>(new CommandDefinition(
                SizesSql(In("n.id")), args, cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Id, r => r.Size);
            shared = await IdsAsync(db, SharedSql(In("node_id")), ids, caller, now, cancellationToken);
            linked = await IdsAsync(db, LinkedSql(In("node_id")), ids, caller, now, cancellationToken);
            starred = await IdsAsync(db, FavouritesSql(In("node_id")), [.. page.Items.Select(i => i.MountId ?? i.Node.Id)], caller, now, cancellationToken);
        }

        var locked = await LockedAsync(page, now, cancellationToken);
        var details = new Dictionary<string, ItemDetails>();
        foreach (var item in page.Items)
        {
            var id = item.Node.Id;
            details[id] = new ItemDetails(sizes.TryGetValue(id, out var size) ? size : null, shared.Contains(id), linked.Contains(id),
                locked.Contains(id), starred.Contains(item.MountId ?? id));
        }

        return details;
    }

    private static async Task<HashSet<string>> IdsAsync(
        System.Data.Common.DbConnection db, string sql, string[] ids, Caller caller, long now, CancellationToken cancellationToken) =>
        [.. await db.QueryAsync<string>(new CommandDefinition(sql, new { ids = SqlLists.Values(db, ids), me = caller.UserId, now },
            cancellationToken: cancellationToken))];

    // Locks are kept by path in the owner's tree (WebDAV locks paths, not nodes): the listed folder's path there, plus
    // each child's name, is what a lock covers. Items reached through a mount in this folder are left unmarked.
    private async Task<HashSet<string>> LockedAsync(FolderPage page, long now, CancellationToken cancellationToken)
    {
        var live = await locks.ListAsync(page.Folder.Node.OwnerId, now, cancellationToken);
        if (live.Count == 0)
        {
            return [];
        }

        await using var session = await files.ReadAsync(cancellationToken);
        var (where, _) = await FileTree.LocateAsync(session, page.Folder.Node.Id, cancellationToken);
        return [.. page.Items
            .Where(i => i.MountId is null && live.Any(l => LockPaths.Covers(l, LockPaths.Key(where.Append(i.Node.Name)))))
            .Select(i => i.Node.Id)];
    }
}
