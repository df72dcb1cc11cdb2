using Depot.Core;
using Depot.Core.Files;
using Depot.Core.Files.Properties;
using Depot.Core.Locks;
using Depot.Protocol;
using Depot.Server.Dav.Locks;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// COPY and MOVE (RFC 4918 §9.8–9.9) within the caller's tree, through <see cref="MoveService"/> (copies are
/// metadata only). Overwrite: T replaces whatever is at the destination (it goes to the trash), F answers 412.
/// COPY takes Depth 0 (a folder without its members) or infinity; MOVE only infinity. Dead properties follow:
/// a move keeps the node, a copy duplicates them. Locks on the source stay behind (§7.7).
/// </summary>
internal static class CopyMoveHandler
{
    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        var move = request.Method == "MOVE";
        var destination = request.Request.Headers["Destination"].ToString();
        var parsed = destination.Length == 0
            ? Result<DepotPath>.Fail(ErrorCodes.InvalidRequest, "COPY and MOVE need a Destination header.")
            : DavHref.Parse(request.Request, destination);
        var depth = DavHeaders.Depth(request.Request, absent: DavHeaders.Infinity);
        var overwrite = DavHeaders.Overwrite(request.Request);
        if (!parsed.IsSuccess || overwrite is null || depth is null or 1 || (move && depth != DavHeaders.Infinity))
        {
            return DavResults.Error(parsed.Error ?? new DepotError(ErrorCodes.InvalidRequest,
                "Overwrite must be T or F; Depth must be 0 or infinity for COPY and infinity for MOVE."), request.Method);
        }

        var to = parsed.Value;
        var files = request.Get<FileService>();
        var source = await files.GetAsync(request.Caller, request.Path, request.Aborted);
        if (!source.IsSuccess)
        {
            return DavResults.Error(source.Error, request.Method);
        }

        // The same resource (a case-only rename is a move onto itself, and allowed).
        if (LockPaths.Key(request.Path) == LockPaths.Key(to) && (!move || request.Path.Equals(to)))
        {
            return DavResults.Status(StatusCodes.Status403Forbidden);
        }

        if (await DavWriteGuard.CheckAsync(request) is { } refused)
        {
            return refused;
        }

        var existing = await files.GetAsync(request.Caller, to, request.Aborted);
        var replaces = existing.IsSuccess && existing.Value.Node.Id != source.Value.Node.Id;
        if (replaces && overwrite == false)
        {
            return DavResults.Status(StatusCodes.Status412PreconditionFailed);
        }

        // Replacing a folder (or a file by a folder) trashes the destination in a transaction of its own before the
        // transfer's: the locks both will check are asked first, so a refusal trashes nothing.
        var target = new LockTarget(to, Membership: true, Subtree: true);
        if (replaces && (existing.Value.Node.IsFolder || source.Value.Node.IsFolder)
            && await DavWriteGuard.LockedAsync(request, move ? [new LockTarget(request.Path, Membership: true, Subtree: true), target] : [target]) is { } locked)
        {
            return locked;
        }

        // If-Match/If-None-Match are about the source; checked here first so a refusal trashes nothing, and again in the move's transaction.
        var conditions = Api.FileHeaders.Preconditions(request.Request);
        if (conditions.IsSuccess && !conditions.Value.IsSatisfiedBy(source.Value.Node.ETag))
        {
            return DavResults.Status(StatusCodes.Status412PreconditionFailed);
        }

        var result = conditions.IsSuccess
            ? await TransferAsync(request, source.Value, to, move, depth == 0, replaces ? existing.Value : null, conditions.Value)
            : conditions.Error!;
        return !result.IsSuccess ? DavResults.Error(result.Error, request.Method)
            : DavResults.Status(replaces ? StatusCodes.Status204NoContent : StatusCodes.Status201Created);
    }

    private static async Task<Result<NodeEntry>> TransferAsync(
        DavRequest request, NodeEntry source, DepotPath to, bool move, bool shallow, NodeEntry? replaced, WritePreconditions conditions)
    {
        // A file replaces a file in the move's own transaction; anything else at the destination is trashed first.
        var fileOverFile = replaced is { Node.IsFolder: false } && !source.Node.IsFolder;
        if (replaced is not null && !fileOverFile)
        {
            var deleted = await request.Get<FileService>().DeleteAsync(request.Caller, to, WritePreconditions.None, request.Aborted);
            if (!deleted.IsSuccess)
            {
                return deleted.Error;
            }
        }

        var moves = request.Get<MoveService>();
        if (move)
        {
            return await moves.MoveAsync(request.Caller, request.Path, to, fileOverFile, request.Aborted, conditions);
        }

        var copied = source.Node.IsFolder && shallow
            ? await ShallowCopyAsync(request, to)
            : await moves.CopyAsync(request.Caller, request.Path, to, fileOverFile, request.Aborted, conditions);
        if (copied.IsSuccess)
        {
            await request.Get<PropertyService>().CopyAsync(request.Caller, source, copied.Value, request.Aborted);
        }

        return copied;
    }

    /// <summary>COPY with Depth 0 of a folder: the folder and its properties, none of its members (§9.8.3).</summary>
    private static async Task<Result<NodeEntry>> ShallowCopyAsync(DavRequest request, DepotPath to)
    {
        var created = await request.Get<FolderService>().CreateAsync(request.Caller, to, parents: false, request.Aborted);
        return created.IsSuccess ? created.Value.Entry : created.Error;
    }
}
