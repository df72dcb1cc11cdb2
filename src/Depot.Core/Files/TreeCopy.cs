using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// Copies a file or a folder's live subtree as new nodes whose versions point at the same blobs. The copy belongs to
/// the owner of the folder it is written into and is charged to them (the <c>user</c> argument), wherever the source
/// lives: a copy out of a share is the copier's, a copy into a share is the sharer's. Keeping the source's owner made
/// the copy unreachable to its own tree (the access check saw someone else's node without a share) and charged one
/// user for rows another owns.
/// </summary>
internal static class TreeCopy
{
    public static async Task<Result<Node>> CopyAsync(
        IFileSession session, UserSpace user, Node source, Node parent, string name, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subtree = await session.GetSubtreeAsync(source.Id, cancellationToken);
        // Parents come before children, so a trashed node's descendants are skipped along with it.
        var newIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<Node>();
        foreach (var (node, _) in subtree)
        {
            // Mounts are the recipient's pointers to others' items: a copy of a folder holding one leaves it out.
            if (node.Id == source.Id || (node.TrashedAt is null && node.Kind != NodeKind.Mount && newIds.ContainsKey(node.ParentId!)))
            {
                newIds[node.Id] = Ids.New(clock);
                nodes.Add(node);
            }
        }

        // Every file's current version first: a copy must never spread a blob known to be damaged (a new path and a new
        // owner would hide where it came from), so the whole copy is refused before anything is written.
        var currents = new Dictionary<string, FileVersion>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => !n.IsFolder))
        {
            var current = (await session.GetVersionAsync(node.CurrentVersionId!, cancellationToken))!;
            if (current.DamagedAt is not null)
            {
                return Result<Node>.Fail(ErrorCodes.StorageDamaged,
                    $"The stored content of '{node.Name}' is damaged, so it cannot be copied. The administrator has been told through the server log.");
            }

            currents[node.Id] = current;
        }

        var bytes = nodes.Sum(n => n.IsFolder ? 0 : n.Size);
        if (!user.Allows(bytes))
        {
            return Result<Node>.Fail(ErrorCodes.QuotaExceeded, $"The copy needs {bytes} bytes; {user.Remaining} are left in your quota.");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Node? top = null;
        foreach (var node in nodes)
        {
            var isTop = node.Id == source.Id;
            var copy = node with
            {
                Id = newIds[node.Id], OwnerId = parent.OwnerId, ParentId = isTop ? parent.Id : newIds[node.ParentId!], CreatedAt = now, Revision = 0,
                Name = isTop ? name : node.Name, NameKey = isTop ? NodeName.Key(name) : node.NameKey,
            };
            if (!node.IsFolder)
            {
                var version = currents[node.Id] with { Id = Ids.New(clock), NodeId = copy.Id, CreatedAt = now };
                copy = copy with { CurrentVersionId = version.Id };
                await session.InsertNodeAsync(copy, cancellationToken);
                await session.InsertVersionAsync(version, cancellationToken);
            }
            else
            {
                await session.InsertNodeAsync(copy, cancellationToken);
            }

            top ??= copy;
        }

        await session.AddUsedBytesAsync(user.Id, bytes, cancellationToken);
        return top!;
    }
}
