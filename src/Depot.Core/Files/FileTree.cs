using Depot.Core.Access;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>Path resolution in one user's tree, shared by the file services. Every lookup starts at the caller's root.</summary>
internal static class FileTree
{
    /// <summary>The caller's storage fields and root folder (created here if the account has none yet).</summary>
    public static async Task<Result<(UserSpace User, Node Root)>> OpenAsync(
        IFileSession session, Caller caller, long now, CancellationToken cancellationToken)
    {
        if (await session.GetUserAndRootAsync(caller.UserId, cancellationToken) is not var (user, root))
        {
            return Result<(UserSpace, Node)>.Fail(ErrorCodes.UserNotFound, "The account no longer exists.");
        }

        if (root is null)
        {
            await session.EnsureRootAsync(user, now, cancellationToken);
            if (await session.GetNodeAsync(user.RootId, cancellationToken) is not { } created)
            {
                return Result<(UserSpace, Node)>.Fail(ErrorCodes.UserNotFound, "The account no longer exists.");
            }

            root = created;
        }

        return caller.Link is { } link ? await OpenLinkAsync(session, user, link, cancellationToken) : (user, root);
    }

    /// <summary>
    /// A link visitor's walks start at the link's item, marked with the link's reach (<see cref="Node.Scope"/>): nothing
    /// above it can even be named, and every rule below reads the mark.
    /// </summary>
    private static async Task<Result<(UserSpace User, Node Root)>> OpenLinkAsync(
        IFileSession session, UserSpace owner, LinkScope link, CancellationToken cancellationToken)
    {
        var item = await session.GetNodeAsync(link.RootId, cancellationToken);
        return item is null || item.OwnerId != owner.Id || item.Kind == NodeKind.Mount || !(await LocateAsync(session, item.Id, cancellationToken)).Live
            ? Result<(UserSpace, Node)>.Fail(ErrorCodes.NotFound, "The link's item no longer exists.")
            : (owner, item with { Scope = link });
    }

    /// <summary>
    /// The live node at <paramref name="path"/>, if the caller's role on it allows <paramref name="need"/>. A mount at
    /// the end of the path is followed unless <paramref name="followLast"/> is false (operations on the mount itself:
    /// delete, move or rename it).
    /// </summary>
    public static async Task<Result<Node>> FindAsync(
        IFileSession session, Node root, DepotPath path, CancellationToken cancellationToken, Need need = Need.Read, bool followLast = true)
    {
        var entry = await FindEntryAsync(session, root, path, cancellationToken, need, followLast);
        return entry.IsSuccess ? entry.Value.Node : entry.Error;
    }

    /// <summary>The live node at <paramref name="path"/>, with its path as stored (names keep their stored case) and the caller's role.</summary>
    public static async Task<Result<NodeEntry>> FindEntryAsync(
        IFileSession session, Node root, DepotPath path, CancellationToken cancellationToken, Need need = Need.Read, bool followLast = true)
    {
        var walk = await LockedWalkAsync(session, root, Keys(path.Segments), followLast, cancellationToken);
        return Entry(walk, root, path, need);
    }

    /// <summary>
    /// <see cref="FindEntryAsync"/> from the caller instead of an opened root, for reads: the root, the path and the
    /// current version of what it names come in one query (<see cref="IFileSession.ResolveFromRootAsync"/>), where
    /// opening the root, walking and fetching the version took three. Crossing a mount costs what it does there.
    /// </summary>
    public static async Task<Result<PathLookup>> LookupAsync(
        IFileSession session, Caller caller, DepotPath path, long now, CancellationToken cancellationToken, Need need = Need.Read,
        bool withContent = false)
    {
        var keys = Keys(path.Segments);
        if (caller.Link is not null || await session.ResolveFromRootAsync(caller.UserId, keys, cancellationToken, withContent) is not { } rows)
        {
            // No root yet (it is created lazily) or no such account: OpenAsync creates the one and reports the other. A
            // link visitor's walk starts at the link's item, not at the root the one-query lookup starts from.
            var opened = await OpenAsync(session, caller, now, cancellationToken);
            var entry = opened.IsSuccess ? await FindEntryAsync(session, opened.Value.Root, path, cancellationToken, need) : opened.Error!;
            return entry.IsSuccess ? new PathLookup(opened.Value.Root, entry.Value, null) : entry.Error;
        }

        var root = rows[0].Node;
        var walk = await WalkAsync(session, root, keys, [.. rows.Skip(1).Select(r => r.Node)], followLast: true, cancellationToken);
        if (walk.Role != Role.None && await session.LockTreesAsync([walk.Node.OwnerId], cancellationToken))
        {
            // A write session just locked the tree the path ends in: what the query read there may be stale.
            return await LookupAsync(session, caller, path, now, cancellationToken, need, withContent);
        }

        var found = Entry(walk, root, path, need);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        // Past a mount the walk ends on a node the query did not fetch, so its version is not known here.
        var (last, current) = rows[^1];
        return new PathLookup(root, found.Value, last.Id == walk.Node.Id ? current : null);
    }

    private static Result<NodeEntry> Entry(Walk walk, Node root, DepotPath path, Need need)
    {
        if (root.Scope is { DropBox: true })
        {
            // Whatever is (or is not) at the path: a drop box shows nothing, not even whether a name is taken.
            return Result<NodeEntry>.Fail(ErrorCodes.Forbidden, "This link is a drop box: it accepts new files only.");
        }

        if (walk.Matched < path.Segments.Count || walk.Role == Role.None)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.NotFound, $"Nothing exists at '{path}'.");
        }

        return AccessPolicy.Check(walk.Role, need, path) is { } refused
            ? refused
            : new NodeEntry(walk.Node, walk.Stored, walk.Role);
    }

    /// <summary>
    /// The folder that holds <paramref name="path"/>, optionally creating missing folders (mkdir -p). Every caller
    /// writes into it, so the caller's role on it must allow writing.
    /// </summary>
    public static async Task<Result<Node>> FindParentAsync(
        IFileSession session, Node root, DepotPath path, bool create, TimeProvider clock, CancellationToken cancellationToken)
    {
        var names = path.Parent.Segments;
        var walk = await LockedWalkAsync(session, root, Keys(names), followLast: true, cancellationToken);
        var folder = walk.Node;
        var at = walk.Stored;
        if (walk.Role == Role.None)
        {
            return Result<Node>.Fail(ErrorCodes.ParentNotFound, $"The folder '{path.Parent}' does not exist.");
        }

        if (walk.Matched < names.Count && !folder.IsFolder)
        {
            return Result<Node>.Fail(ErrorCodes.NotAFolder, $"'{at}' is a file, not a folder.");
        }

        if (AccessPolicy.Check(walk.Role, Need.Write, at) is { } refused)
        {
            return refused;
        }

        for (var i = walk.Matched; i < names.Count; i++)
        {
            at = at.Append(names[i]);
            if (!create || root.Scope is { DropBox: true })
            {
                return Result<Node>.Fail(ErrorCodes.ParentNotFound, $"The folder '{at}' does not exist.");
            }

            var child = NewFolder(folder, names[i], clock);
            await session.InsertNodeAsync(child, cancellationToken);
            await session.TouchAsync(folder.Id, child.CreatedAt, cancellationToken);
            folder = child;
        }

        return folder.IsFolder ? folder : Result<Node>.Fail(ErrorCodes.NotAFolder, $"'{at}' is a file, not a folder.");
    }

    /// <summary>
    /// The deepest existing folder on the way to <paramref name="path"/>'s parent: where creating the missing folders
    /// would start, and so whose owner a write with <c>parents=true</c> is charged to. The caller must be allowed to write there.
    /// </summary>
    public static async Task<Result<Node>> NearestFolderAsync(IFileSession session, Node root, DepotPath path, CancellationToken cancellationToken)
    {
        var walk = await LockedWalkAsync(session, root, Keys(path.Parent.Segments), followLast: true, cancellationToken);
        if (walk.Role == Role.None)
        {
            return Result<Node>.Fail(ErrorCodes.ParentNotFound, $"The folder '{path.Parent}' does not exist.");
        }

        if (!walk.Node.IsFolder)
        {
            return Result<Node>.Fail(ErrorCodes.NotAFolder, $"'{walk.Stored}' is a file, not a folder.");
        }

        return AccessPolicy.Check(walk.Role, Need.Write, walk.Stored) is { } refused ? refused : walk.Node;
    }

    /// <summary>
    /// A mount as a listing shows it: the item it points at (under the mount's name, so clients see a folder or a file)
    /// when the caller may still see it, else the bare mount (a dangling one, which its owner can delete).
    /// </summary>
    public static async Task<NodeEntry> DescribeMountAsync(IFileSession session, Node root, Node mount, DepotPath path, CancellationToken cancellationToken)
    {
        var targetId = await session.GetMountTargetAsync(mount.Id, cancellationToken);
        var target = targetId is null ? null : await session.GetNodeAsync(targetId, cancellationToken);
        var role = target is null || target.Kind == NodeKind.Mount ? Role.None : await AccessPolicy.RoleOnAsync(session, root.OwnerId, target, cancellationToken);
        return role == Role.None
            ? new NodeEntry(mount, path) { MountId = mount.Id }
            : new NodeEntry(target! with { Name = mount.Name, NameKey = mount.NameKey }, path, role) { MountId = mount.Id };
    }

    private readonly record struct Walk(Node Node, DepotPath Stored, int Matched, Role Role);

    /// <summary>
    /// <see cref="WalkAsync"/>, and in a write session the write contract's part: the tree the walk ends in (where the
    /// write will happen: the node found, or the deepest folder on the way to a missing one) is locked, and the walk is
    /// repeated under the lock, so everything the write's rules read there stays true until commit. Only the tree written
    /// is locked, not the trees passed through on the way (the caller's own, when it ends in a mounted share): a writer
    /// holds one tree lock at a time, and two users writing into each other's shares never wait on each other.
    /// </summary>
    private static async Task<Walk> LockedWalkAsync(
        IFileSession session, Node root, string[] keys, bool followLast, CancellationToken cancellationToken)
    {
        var walk = await WalkAsync(session, root, keys, null, followLast, cancellationToken);
        // Bounded: a repeat ends elsewhere only when a mount or share changed between two walks a few ms apart.
        for (var repeat = 0; repeat < 3 && walk.Role != Role.None; repeat++)
        {
            if (!await session.LockTreesAsync([walk.Node.OwnerId], cancellationToken))
            {
                break;   // held already (or SQLite, where the write session holds everything)
            }

            walk = await WalkAsync(session, root, keys, null, followLast, cancellationToken);
        }

        return walk;
    }

    /// <summary>
    /// Walks <paramref name="keys"/> from the caller's root, one query per stretch between mounts (the first stretch is
    /// <paramref name="resolved"/> when the caller has it already). Crossing a mount continues in the owner's tree at its
    /// target, if the caller still holds a share there (else: nothing is there). The role on the last node is the access
    /// service's answer for that node (the best share on it or an ancestor).
    /// </summary>
    private static async Task<Walk> WalkAsync(
        IFileSession session, Node root, string[] keys, IReadOnlyList<Node>? resolved, bool followLast, CancellationToken cancellationToken)
    {
        var node = root;
        var stored = DepotPath.Root;
        var matched = 0;
        while (true)
        {
            if (matched < keys.Length)
            {
                foreach (var child in resolved ?? await session.ResolveAsync(node.Id, keys[matched..], cancellationToken))
                {
                    stored = stored.Append(child.Name);
                    node = child;
                    matched++;
                }

                resolved = null;
            }

            if (node.Kind != NodeKind.Mount || (matched == keys.Length && !followLast))
            {
                break;
            }

            if (root.Scope is not null)
            {
                return new Walk(node, stored, matched, Role.None);   // a link never reaches through a mount
            }

            var targetId = await session.GetMountTargetAsync(node.Id, cancellationToken);
            var target = targetId is null ? null : await session.GetNodeAsync(targetId, cancellationToken);
            if (target is null || target.Kind == NodeKind.Mount
                || await AccessPolicy.RoleOnAsync(session, root.OwnerId, target, cancellationToken) == Role.None)
            {
                return new Walk(node, stored, matched, Role.None);
            }

            node = target;
        }

        var role = root.Scope is { } link ? LinkRole(link, node)
            : node.OwnerId == root.OwnerId ? Role.Owner : await AccessPolicy.RoleOnAsync(session, root.OwnerId, node, cancellationToken);
        return new Walk(node, stored, matched, role);
    }

    /// <summary>
    /// A link visitor's role at or below the link's item (the walk never left it): none on a mount itself, a viewer's
    /// through a view link, an editor's (to create inside; <see cref="Entry"/> refuses everything else) through a drop box.
    /// </summary>
    private static Role LinkRole(LinkScope link, Node node) =>
        node.Kind == NodeKind.Mount ? Role.None : link.DropBox ? Role.Editor : Role.Viewer;

    /// <summary>The path of a node, and whether it is live (neither it nor any ancestor is in the trash).</summary>
    public static async Task<(DepotPath Path, bool Live)> LocateAsync(IFileSession session, string nodeId, CancellationToken cancellationToken)
    {
        var chain = await session.GetAncestorsAsync(nodeId, cancellationToken);
        var path = DepotPath.Root;
        for (var i = chain.Count - 2; i >= 0; i--)
        {
            path = path.Append(chain[i].Name);
        }

        return (path, chain.All(n => n.TrashedAt is null));
    }

    private static string[] Keys(IReadOnlyList<string> names) => [.. names.Select(NodeName.Key)];

    public static Node NewFolder(Node parent, string name, TimeProvider clock) => new()
    {
        Id = Ids.New(clock),
        OwnerId = parent.OwnerId,
        ParentId = parent.Id,
        Name = name,
        NameKey = NodeName.Key(name),
        Kind = NodeKind.Folder,
        CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        ModifiedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
    };
}
