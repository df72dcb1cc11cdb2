using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Depot.Core.Access;
using Depot.Core.Events;
using Depot.Core.Locks;
using Depot.Core.Storage;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Files;

/// <summary>The trash: list, restore, purge one, empty. Purging releases quota and, after the commit, blob files.</summary>
public sealed class TrashService(
    IFileStore store, IBlobStore blobs, TrashOptions options, TimeProvider clock, ILogger<TrashService> logger, AuditLog audit)
{
    public async Task<Result<TrashPage>> ListAsync(Caller caller, int limit, string? cursor, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        if (limit is < 1 or > ListRequest.MaxLimit)
        {
            return Result<TrashPage>.Fail(ErrorCodes.InvalidRequest, $"limit must be between 1 and {ListRequest.MaxLimit}.");
        }

        var after = DecodeCursor(cursor);
        if (cursor is not null && after is null)
        {
            return Result<TrashPage>.Fail(ErrorCodes.InvalidRequest, "The cursor is not valid.");
        }

        await using var session = await store.ReadAsync(cancellationToken);
        var rows = await session.ListTrashAsync(caller.UserId, limit + 1, after?.At, after?.Id, cancellationToken);
        var items = new List<TrashEntry>();
        foreach (var node in rows.Take(limit))
        {
            var size = node.IsFolder ? (await session.GetSubtreeAsync(node.Id, cancellationToken)).Sum(n => n.Node.IsFolder ? 0 : n.Node.Size) : node.Size;
            var deleted = DateTimeOffset.FromUnixTimeMilliseconds(node.TrashedAt!.Value);
            items.Add(new TrashEntry(node, node.TrashedPath ?? "/" + node.Name, size, deleted, deleted + options.Retention));
        }

        var next = rows.Count > limit ? EncodeCursor(rows[limit - 1]) : null;
        return new TrashPage(items, next);
    }

    /// <summary>
    /// Restores a trash item to <paramref name="to"/>, or to its original folder, or to the root when that folder is
    /// gone (deleted or purged). A name taken there is <c>already_exists</c>: restore with another target.
    /// </summary>
    public async Task<Result<NodeEntry>> RestoreAsync(Caller caller, string id, DepotPath? to, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        await using var session = await store.WriteAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var opened = await FileTree.OpenAsync(session, caller, now, cancellationToken);
        var item = opened.IsSuccess ? await FindItemAsync(session, caller, id, cancellationToken) : opened.Error!;
        if (!item.IsSuccess)
        {
            return item.Error;
        }

        var node = item.Value;
        var target = to is null
            ? await OriginalPlaceAsync(session, node, opened.Value.Root, cancellationToken)
            : await TargetPlaceAsync(session, opened.Value.Root, to, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var (parent, path) = target.Value;
        if (await WriteLocks.CheckAsync(
                session, caller, opened.Value.Root, now, [new LockTarget(path, Membership: true, Subtree: true)], cancellationToken) is { } locked)
        {
            return locked;
        }

        var placed = await MovePlacement.CheckAsync(session, node, parent, path, overwrite: false, copy: false, now, cancellationToken);
        if (!placed.IsSuccess)
        {
            return placed.Error.Code == ErrorCodes.AlreadyExists
                ? Result<NodeEntry>.Fail(ErrorCodes.AlreadyExists, $"'{path}' already exists; restore to another path.")
                : placed.Error;
        }

        await session.RelocateAsync(node.Id, parent.Id, path.Name, cancellationToken);
        await session.SetTrashedAsync(node.Id, null, null, cancellationToken);
        await session.TouchAsync(parent.Id, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        await audit.RecordAsync(caller, AuditActions.TrashRestore, AuditTarget.Node(node.OwnerId, node.Id, path.Value), ("from", node.TrashedPath));
        return new NodeEntry(node with { ParentId = parent.Id, Name = path.Name, NameKey = NodeName.Key(path.Name), TrashedAt = null, TrashedPath = null }, path);
    }

    /// <summary>Deletes one trash item for good.</summary>
    public async Task<Result<Unit>> PurgeAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        IReadOnlyList<string> released;
        Node purged;
        await using (var session = await store.WriteAsync(cancellationToken))
        {
            var item = await FindItemAsync(session, caller, id, cancellationToken);
            if (!item.IsSuccess)
            {
                return item.Error;
            }

            purged = item.Value;
            released = await Reclaim.PurgeAsync(session, item.Value, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        await audit.RecordAsync(caller, AuditActions.TrashPurge, AuditTarget.Node(purged.OwnerId, purged.Id, purged.TrashedPath ?? "/" + purged.Name));
        await Reclaim.DeleteBlobFilesAsync(blobs, released, logger);
        return Unit.Value;
    }

    /// <summary>Empties the caller's trash, in batches so no single transaction holds the write lock for long.</summary>
    public async Task<Result<Unit>> EmptyAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        var total = 0;
        while (true)
        {
            var released = new List<string>();
            int count;
            await using (var session = await store.WriteAsync(cancellationToken))
            {
                await session.LockTreesAsync([caller.UserId], cancellationToken);
                var items = await session.ListTrashAsync(caller.UserId, 100, null, null, cancellationToken);
                count = items.Count;
                foreach (var item in items)
                {
                    released.AddRange(await Reclaim.PurgeAsync(session, item, cancellationToken));
                }

                await session.CommitAsync(cancellationToken);
            }

            await Reclaim.DeleteBlobFilesAsync(blobs, released, logger);
            total += count;
            if (count < 100)
            {
                await audit.RecordAsync(caller, AuditActions.TrashEmpty, AuditTarget.Account(caller.UserId),
                    ("count", total.ToString(CultureInfo.InvariantCulture)));
                return Unit.Value;
            }
        }
    }

    private static async Task<Result<Node>> FindItemAsync(IFileSession session, Caller caller, string id, CancellationToken cancellationToken)
    {
        // A user's trash is in their own tree: lock it before reading (the write contract).
        await session.LockTreesAsync([caller.UserId], cancellationToken);
        var node = await session.GetNodeAsync(id, cancellationToken);
        // Someone else's item answers exactly like a missing one.
        return node is { TrashedAt: not null } && node.OwnerId == caller.UserId
            ? node
            : Result<Node>.Fail(ErrorCodes.TrashItemNotFound, $"There is no trash item '{id}'.");
    }

    private static async Task<Result<(Node Parent, DepotPath Path)>> OriginalPlaceAsync(
        IFileSession session, Node node, Node root, CancellationToken cancellationToken)
    {
        var (parentPath, live) = await FileTree.LocateAsync(session, node.ParentId!, cancellationToken);
        var parent = live ? await session.GetNodeAsync(node.ParentId!, cancellationToken) : null;
        return parent is { IsFolder: true } ? (parent, parentPath.Append(node.Name)) : (root, DepotPath.Root.Append(node.Name));
    }

    private async Task<Result<(Node Parent, DepotPath Path)>> TargetPlaceAsync(
        IFileSession session, Node root, DepotPath to, CancellationToken cancellationToken)
    {
        if (to.IsRoot)
        {
            return Result<(Node, DepotPath)>.Fail(ErrorCodes.AlreadyExists, "The root folder already exists.");
        }

        var parent = await FileTree.FindParentAsync(session, root, to, false, clock, cancellationToken);
        return parent.IsSuccess ? (parent.Value, to) : parent.Error;
    }

    private static string EncodeCursor(Node last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.TrashedAt}|{last.Id}")));

    private static (long At, string Id)? DecodeCursor(string? cursor)
    {
        try
        {
            var parts = cursor is null ? [] : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? (at, parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
