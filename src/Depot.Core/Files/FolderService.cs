using Depot.Core.Access;
using Depot.Core.Locks;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>Folders: list (keyset-paged) and create (optionally with parents).</summary>
public sealed class FolderService(IFileStore store, TimeProvider clock)
{
    public async Task<Result<FolderPage>> ListAsync(Caller caller, DepotPath path, ListRequest request, CancellationToken cancellationToken)
    {
        var page = PageOf(request);
        if (!page.IsSuccess)
        {
            return page.Error;
        }

        await using var session = await store.ReadAsync(cancellationToken);
        var found = await FileTree.LookupAsync(session, caller, path, Now, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (root, folder, _) = found.Value;
        if (!folder.Node.IsFolder)
        {
            return Result<FolderPage>.Fail(ErrorCodes.NotAFolder, $"'{path}' is a file.");
        }

        return await ListPageAsync(session, root, folder, request, page.Value, cancellationToken);
    }

    /// <summary>
    /// The page after <paramref name="previous"/> (<paramref name="request"/> carries its cursor) of a listing one request
    /// makes whole, such as a PROPFIND: the folder it found and the access it was given then stand for the rest of the
    /// listing, so the path is not walked again for every page (a round trip each on PostgreSQL).
    /// </summary>
    public async Task<Result<FolderPage>> ListNextAsync(FolderPage previous, ListRequest request, CancellationToken cancellationToken)
    {
        var page = PageOf(request);
        if (!page.IsSuccess)
        {
            return page.Error;
        }

        await using var session = await store.ReadAsync(cancellationToken);
        return await ListPageAsync(session, previous.Root, previous.Folder, request, page.Value, cancellationToken);
    }

    private static Result<ChildPage> PageOf(ListRequest request) => request.Limit is < 1 or > ListRequest.MaxLimit
        ? Result<ChildPage>.Fail(ErrorCodes.InvalidRequest, $"limit must be between 1 and {ListRequest.MaxLimit}.")
        : ListCursor.Decode(request);

    private static async Task<Result<FolderPage>> ListPageAsync(
        IFileSession session, Node root, NodeEntry folder, ListRequest request, ChildPage page, CancellationToken cancellationToken)
    {
        var rows = await session.ListChildrenAsync(folder.Node.Id, page, cancellationToken, folder.Node.OwnerId);
        var items = new List<NodeEntry>(Math.Min(rows.Count, request.Limit));
        foreach (var row in rows.Take(request.Limit))
        {
            if (row.Kind == NodeKind.Mount && root.Scope is not null)
            {
                continue;   // a link never shows what is mounted from someone else's share
            }

            var at = folder.Path.Append(row.Name);
            items.Add(row.Kind == NodeKind.Mount
                ? await FileTree.DescribeMountAsync(session, root, row, at, cancellationToken)
                : new NodeEntry(row, at, folder.Role));
        }

        var next = rows.Count > request.Limit ? ListCursor.Encode(request, rows[request.Limit - 1]) : null;
        return new FolderPage(folder, items, next) { Root = root };
    }

    /// <summary>Creates a folder. With <paramref name="parents"/>, missing parents are created and an existing folder is success.</summary>
    public async Task<Result<FolderCreated>> CreateAsync(Caller caller, DepotPath path, bool parents, CancellationToken cancellationToken)
    {
        await using var session = await store.WriteAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var root = opened.Value.Root;
        if (root.Scope is { DropBox: true })
        {
            return Result<FolderCreated>.Fail(ErrorCodes.Forbidden, "This link is a drop box: it accepts new files only.");
        }

        var parent = path.IsRoot ? root : await FileTree.FindParentAsync(session, root, path, parents, clock, cancellationToken);
        if (!parent.IsSuccess)
        {
            return parent.Error;
        }

        var existing = path.IsRoot ? root : await session.FindChildAsync(parent.Value.Id, NodeName.Key(path.Name), cancellationToken);
        if (existing is not null)
        {
            await session.CommitAsync(cancellationToken);   // keeps any parents created on the way
            return parents && existing.IsFolder
                ? new FolderCreated(new NodeEntry(existing, path.WithName(existing.Name)), false)
                : Result<FolderCreated>.Fail(ErrorCodes.AlreadyExists, $"'{path}' already exists.");
        }

        if (await WriteLocks.CheckAsync(session, caller, root, Now, [new LockTarget(path, Membership: true)], cancellationToken) is { } locked)
        {
            return locked;
        }

        var folder = FileTree.NewFolder(parent.Value, path.Name, clock);
        await session.InsertNodeAsync(folder, cancellationToken);
        await session.TouchAsync(parent.Value.Id, folder.CreatedAt, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new FolderCreated(new NodeEntry(folder, path), true);
    }

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
