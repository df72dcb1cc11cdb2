using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Favourites;

/// <summary>
/// Stars (favourites) and recent files. A star is on an item in the caller's own tree, a shared folder or file they
/// added (a mount) included; items inside someone else's shared folder are starred by starring the mount. Lists show
/// only what is live now, with its current path.
/// </summary>
public sealed class FavouriteService(SqlFavouriteStore store, IFileStore files, TimeProvider clock)
{
    // 1,000 stars are far more than a Favourites view is for, and bound the one query per star a listing makes.
    public const int MaxListed = 1000;
    public const int MaxRecent = 200;

    public async Task<Result<NodeEntry>> AddAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var found = await FindOwnAsync(caller, path, cancellationToken);
        if (found.IsSuccess)
        {
            await store.AddAsync(caller.UserId, found.Value.Node.Id, Now, cancellationToken);
        }

        return found;
    }

    public async Task<Result<Unit>> RemoveAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var found = await FindOwnAsync(caller, path, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        await store.RemoveAsync(caller.UserId, found.Value.Node.Id, cancellationToken);
        return Unit.Value;
    }

    /// <summary>The caller's live starred items, most recently starred first.</summary>
    public async Task<Result<IReadOnlyList<NodeEntry>>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        AccessPolicy.RefuseLink(caller) is { } linkOnly ? linkOnly
            : Result<IReadOnlyList<NodeEntry>>.Ok(await EntriesAsync(caller, await store.ListAsync(caller.UserId, cancellationToken), MaxListed, cancellationToken));

    /// <summary>The caller's most recently changed live files (their own tree), newest first.</summary>
    public async Task<Result<IReadOnlyList<NodeEntry>>> RecentAsync(Caller caller, int limit, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        if (limit is < 1 or > MaxRecent)
        {
            return Result<IReadOnlyList<NodeEntry>>.Fail(ErrorCodes.InvalidRequest, $"limit must be between 1 and {MaxRecent}.");
        }

        // Twice as many as asked: files under a trashed folder are not marked themselves and are skipped on the way.
        var ids = await store.RecentFilesAsync(caller.UserId, limit * 2, cancellationToken);
        return Result<IReadOnlyList<NodeEntry>>.Ok(await EntriesAsync(caller, ids, limit, cancellationToken));
    }

    private async Task<IReadOnlyList<NodeEntry>> EntriesAsync(Caller caller, IReadOnlyList<string> ids, int limit, CancellationToken cancellationToken)
    {
        await using var session = await files.ReadAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, Now, cancellationToken);
        var result = new List<NodeEntry>();
        foreach (var id in ids)
        {
            if (!opened.IsSuccess || result.Count == limit)
            {
                break;
            }

            var node = await session.GetNodeAsync(id, cancellationToken);
            var (path, live) = node is null || node.OwnerId != caller.UserId ? (DepotPath.Root, false) : await FileTree.LocateAsync(session, id, cancellationToken);
            if (live && !path.IsRoot)
            {
                result.Add(node!.Kind == NodeKind.Mount
                    ? await FileTree.DescribeMountAsync(session, opened.Value.Root, node, path, cancellationToken)
                    : new NodeEntry(node, path));
            }
        }

        return result;
    }

    // followLast: false, so a mount at the end of the path is the mount itself (in the caller's tree), not its target.
    private async Task<Result<NodeEntry>> FindOwnAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        await using var session = await files.ReadAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error!;
        }

        var found = await FileTree.FindEntryAsync(session, opened.Value.Root, path, cancellationToken, Need.Read, followLast: false);
        if (!found.IsSuccess)
        {
            return found;
        }

        return found.Value.Node.OwnerId == caller.UserId && !path.IsRoot
            ? found.Value
            : Result<NodeEntry>.Fail(ErrorCodes.InvalidRequest, "Only items in your own files can be starred; star the shared folder you added instead.");
    }

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
