using System.Security.Cryptography;
using System.Text;
using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Core.Events;
using Depot.Core.Files;
using Depot.Core.Locks;

namespace Depot.PgPlans;

/// <summary>The hot queries: path walks, listings in every order, search, trash, subtrees, ancestors, access, quota, audit paging, locks.</summary>
internal static class Probes
{
    public static IReadOnlyList<Probe> All(long now)
    {
        var big = TreeShape.BigFolder;
        string[] bigFile = [.. big, "IMG_2500.JPG"];
        string[] missing = [.. TreeShape.DeepFile[..^1], "NOPE.TXT"];
        var week = 7L * 24 * 3600 * 1000;
        return
        [
            new("walk.root.3+1", "ResolveFromRootAsync(alice, /Photos/2024/Camera/IMG_2500.jpg)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.ResolveFromRootAsync(l.AliceId, bigFile, ct))!.Select(n => n.Node.Id)))),
            new("walk.root.10", "ResolveFromRootAsync(alice, 10-deep file)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.ResolveFromRootAsync(l.AliceId, TreeShape.DeepFile, ct))!.Select(n => n.Node.Id)))),
            new("walk.root.missing", "ResolveFromRootAsync(alice, 10-deep path, last missing)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.ResolveFromRootAsync(l.AliceId, missing, ct))!.Select(n => n.Node.Id)))),
            new("walk.folder.10", "ResolveAsync(root, 10-deep file)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.ResolveAsync(l.AliceRootId, TreeShape.DeepFile, ct)).Select(n => n.Id)))),
            new("child.find", "FindChildAsync(big folder, middle key)", (db, l, ct) =>
                Session(db, async s => Fingerprint([(await s.FindChildAsync(l.BigFolderId, l.BigFolderMiddleKey, ct))?.Id ?? ""]))),
            List("list.name.asc.first", ChildOrder.Name, false, 201, null),
            List("list.name.asc.middle", ChildOrder.Name, false, 201, l => (0, l.BigFolderMiddleKey)),
            List("list.name.desc.middle", ChildOrder.Name, true, 201, l => (0, l.BigFolderMiddleKey)),
            List("list.size.desc.first", ChildOrder.Size, true, 201, null),
            List("list.size.asc.middle", ChildOrder.Size, false, 201, l => (l.BigFolderMiddleSize, l.BigFolderMiddleKey)),
            List("list.modified.asc.first", ChildOrder.Modified, false, 201, null),
            List("list.modified.desc.middle", ChildOrder.Modified, true, 201, l => (l.BigFolderMiddleModified, l.BigFolderMiddleKey)),
            List("list.name.asc.1001", ChildOrder.Name, false, 1001, null),
            Search("search.common", "img"),
            Search("search.rare", "deep"),
            Search("search.none", "qqqq"),
            new("search.common.page2", "SearchAsync(alice, \"img\", 50, cursor of page 1)", async (db, l, ct) =>
            {
                var search = new SearchService(db, new SqlFileStore(db, TimeProvider.System));
                var first = (await search.SearchAsync(Alice(l), "img", 50, null, ct)).Value;
                var second = (await search.SearchAsync(Alice(l), "img", 50, first.NextCursor, ct)).Value;
                return Fingerprint(second.Items.Select(i => i.Node.Id));
            }),
            new("trash.first", "ListTrashAsync(alice, 201)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.ListTrashAsync(l.AliceId, 201, null, null, ct)).Select(n => n.Id)))),
            new("trash.page2", "ListTrashAsync(alice, 201, after row 200)", (db, l, ct) => Session(db, async s =>
            {
                var first = await s.ListTrashAsync(l.AliceId, 201, null, null, ct);
                return Fingerprint((await s.ListTrashAsync(l.AliceId, 201, first[^1].TrashedAt, first[^1].Id, ct)).Select(n => n.Id));
            })),
            new("trash.expired", "FindTrashBeforeAsync(now - 30 d, 100)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.FindTrashBeforeAsync(now - (30 * 24 * 3600 * 1000L), 100, ct)).Select(n => n.Id)))),
            new("versions.old", "FindOldVersionsAsync(now - 30 d, 100)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.FindOldVersionsAsync(now - (30 * 24 * 3600 * 1000L), 100, ct)).Select(v => v.Id)))),
            new("subtree.large", "GetSubtreeAsync(largest top folder)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.GetSubtreeAsync(l.LargeSubtreeId, ct)).Select(n => $"{n.Node.Id}:{n.Depth}").Order(StringComparer.Ordinal)))),
            new("subtree.extent", "GetSubtreeExtentAsync(largest top folder, 120)", (db, l, ct) => Session(db, async s =>
            {
                var (depth, paths) = await s.GetSubtreeExtentAsync(l.LargeSubtreeId, 120, ct);
                return Fingerprint([$"{depth}", .. paths.Order(StringComparer.Ordinal)]);
            })),
            new("subtree.versions", "GetSubtreeVersionsAsync(largest top folder)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.GetSubtreeVersionsAsync(l.LargeSubtreeId, ct)).Select(v => v.Id).Order(StringComparer.Ordinal)))),
            new("subtree.big-folder", "GetSubtreeAsync(5,000-file folder)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.GetSubtreeAsync(l.BigFolderId, ct)).Select(n => n.Node.Id).Order(StringComparer.Ordinal)))),
            new("ancestors.10", "GetAncestorsAsync(10-deep file)", (db, l, ct) =>
                Session(db, async s => Fingerprint((await s.GetAncestorsAsync(l.DeepFileId, ct)).Select(n => n.Id)))),
            new("grant.10", "GetGrantAsync(bob, 10-deep file of alice)", (db, l, ct) =>
                Session(db, async s => Fingerprint([$"{await s.GetGrantAsync(l.BobId, l.DeepFileId, ct)}"]))),
            new("quota.user", "GetUserAsync(alice) (used + reserved bytes)", (db, l, ct) =>
                Session(db, async s => Fingerprint([$"{(await s.GetUserAsync(l.AliceId, ct))!.ReservedBytes}"]))),
            new("quota.user-and-root", "GetUserAndRootAsync(alice)", (db, l, ct) =>
                Session(db, async s => Fingerprint([$"{(await s.GetUserAndRootAsync(l.AliceId, ct))!.Value.User.ReservedBytes}"]))),
            Audit("audit.all.first", null, false, admin: true),
            Audit("audit.all.middle", null, true, admin: true),
            Audit("audit.user.first", null, false, admin: false),
            Audit("audit.user.middle", null, true, admin: false),
            Audit("audit.action.rare", l => new AuditFilter(null, null, "token.revoke", null), false, admin: true),
            Audit("audit.family.rare", l => new AuditFilter(null, null, null, "group"), false, admin: true),
            Audit("audit.family.common", l => new AuditFilter(null, null, null, "auth"), true, admin: true),
            Audit("audit.user.family", l => new AuditFilter(null, null, null, "trash"), false, admin: false),
            Audit("audit.range.week", l => new AuditFilter(l.AuditMiddle.At - week, l.AuditMiddle.At, null, null), false, admin: true),
            Audit("audit.user.range.week", l => new AuditFilter(l.AuditMiddle.At - week, l.AuditMiddle.At, null, null), false, admin: false),
            new("locks.any", "SqlLockStore.AnyAsync(now)", async (db, l, ct) => Fingerprint([$"{await new SqlLockStore(db).AnyAsync(now, ct)}"])),
            new("locks.list", "SqlLockStore.ListAsync(alice, now)", async (db, l, ct) =>
                Fingerprint((await new SqlLockStore(db).ListAsync(l.AliceId, now, ct)).Select(x => x.Token).Order(StringComparer.Ordinal))),
        ];
    }

    private static Probe List(string name, ChildOrder order, bool descending, int limit, Func<Landmarks, (long Value, string Key)>? after) =>
        new(name, $"ListChildrenAsync(5,000-file folder, {order} {(descending ? "desc" : "asc")}, {limit}{(after is null ? "" : ", from the middle")})",
            (db, l, ct) => Session(db, async s =>
            {
                var from = after?.Invoke(l);
                var page = new ChildPage(order, descending, limit, from?.Value ?? 0, from?.Key);
                return Fingerprint((await s.ListChildrenAsync(l.BigFolderId, page, ct)).Select(n => n.Id));
            }));

    private static Probe Search(string name, string query) =>
        new(name, $"SearchAsync(alice, \"{query}\", 50)", async (db, l, ct) =>
        {
            var page = await new SearchService(db, new SqlFileStore(db, TimeProvider.System)).SearchAsync(Alice(l), query, 50, null, ct);
            return Fingerprint(page.Value.Items.Select(i => $"{i.Node.Id}{i.Path}"));
        });

    private static Probe Audit(string name, Func<Landmarks, AuditFilter>? filter, bool fromMiddle, bool admin) =>
        new(name, $"SqlAuditStore.QueryAsync({(admin ? "admin" : "alice")}, {(filter is null ? "no filter" : "filter")}, 101{(fromMiddle ? ", from the middle" : "")})",
            async (db, l, ct) =>
            {
                var rows = await new SqlAuditStore(db).QueryAsync(filter?.Invoke(l) ?? new AuditFilter(null, null, null, null),
                    admin ? null : l.AliceId, fromMiddle ? l.AuditMiddle : null, 101, ct);
                return Fingerprint(rows.Select(r => r.Id));
            });

    private static Caller Alice(Landmarks l) => new(l.AliceId, "alice", false);

    private static async Task<string> Session(IDatabase db, Func<IFileSession, Task<string>> read)
    {
        await using var session = await new SqlFileStore(db, TimeProvider.System).ReadAsync(CancellationToken.None);
        return await read(session);
    }

    private static string Fingerprint(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', list))))[..12];
        return $"{list.Count} rows #{hash}";
    }
}
