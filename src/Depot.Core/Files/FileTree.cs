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
        var user = await session.GetUserAsync(caller.UserId, cancellationToken);
        if (user is null)
        {
            return Result<(UserSpace, Node)>.Fail(ErrorCodes.UserNotFound, "The account no longer exists.");
        }

        var root = await session.GetNodeAsync(user.RootId, cancellationToken);
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
        var node = root;
        var stored = DepotPath.Root;
        foreach (var name in path.Segments)
        {
            var child = node.IsFolder ? await session.FindChildAsync(node.Id, NodeName.Key(name), cancellationToken) : null;
            if (child is null)
            {
                return Result<NodeEntry>.Fail(ErrorCodes.NotFound, $"Nothing exists at '{path}'.");
            }

            node = child;
            stored = stored.Append(child.Name);
        }

        return new NodeEntry(node, stored);
    }

    /// <summary>The folder that holds <paramref name="path"/>, optionally creating missing folders (mkdir -p).</summary>
    public static async Task<Result<Node>> FindParentAsync(
        IFileSession session, Node root, DepotPath path, bool create, TimeProvider clock, CancellationToken cancellationToken)
    {
        var folder = root;
        var at = DepotPath.Root;
        foreach (var name in path.Parent.Segments)
        {
            at = at.Append(name);
            var child = await session.FindChildAsync(folder.Id, NodeName.Key(name), cancellationToken);
            if (child is null && create)
            {
                child = NewFolder(folder, name, clock);
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
