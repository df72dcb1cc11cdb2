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
            root = (await session.GetNodeAsync(user.RootId, cancellationToken))!;
        }

        return (user, root);
    }

    /// <summary>The live node at <paramref name="path"/>.</summary>
    public static async Task<Result<Node>> FindAsync(IFileSession session, Node root, DepotPath path, CancellationToken cancellationToken)
    {
        var entry = await FindEntryAsync(session, root, path, cancellationToken);
        return entry.IsSuccess ? entry.Value.Node : entry.Error;
    }

    /// <summary>The live node at <paramref name="path"/>, with its path as stored (names keep their stored case).</summary>
    public static async Task<Result<NodeEntry>> FindEntryAsync(IFileSession session, Node root, DepotPath path, CancellationToken cancellationToken)
    {
        // Files have no children, so the walk only ever passes through folders.
        var chain = await session.ResolveAsync(root.Id, Keys(path.Segments), cancellationToken);
        if (chain.Count < path.Segments.Count)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.NotFound, $"Nothing exists at '{path}'.");
        }

        var stored = DepotPath.Root;
        foreach (var node in chain)
        {
            stored = stored.Append(node.Name);
        }

        return new NodeEntry(chain.Count == 0 ? root : chain[^1], stored);
    }

    /// <summary>The folder that holds <paramref name="path"/>, optionally creating missing folders (mkdir -p).</summary>
    public static async Task<Result<Node>> FindParentAsync(
        IFileSession session, Node root, DepotPath path, bool create, TimeProvider clock, CancellationToken cancellationToken)
    {
        var names = path.Parent.Segments;
        var chain = await session.ResolveAsync(root.Id, Keys(names), cancellationToken);
        var folder = root;
        var at = DepotPath.Root;
        for (var i = 0; i < names.Count; i++)
        {
            at = at.Append(names[i]);
            var child = i < chain.Count ? chain[i] : null;
            if (child is null && create)
            {
                child = NewFolder(folder, names[i], clock);
                await session.InsertNodeAsync(child, cancellationToken);
                await session.TouchAsync(folder.Id, child.CreatedAt, cancellationToken);
            }

            if (child is null)
            {
                return Result<Node>.Fail(ErrorCodes.ParentNotFound, $"The folder '{at}' does not exist.");
            }

            if (!child.IsFolder)
            {
                return Result<Node>.Fail(ErrorCodes.NotAFolder, $"'{at}' is a file, not a folder.");
            }

            folder = child;
        }

        return folder;
    }

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
