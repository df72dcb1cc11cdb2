using System.Text;
using Depot.Core.Access;
using Depot.Core.Locks;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// Moves and copies within the caller's tree. A copy is metadata only: new nodes and versions that point at the
/// same immutable blobs (quota counts the copy's size). With overwrite, an existing target <em>file</em> is
/// replaced (it goes to the trash); folders are never replaced or merged. Preconditions apply to the source,
/// checked inside the transaction: "move this only if it is still the version I saw".
/// </summary>
public sealed class MoveService(IFileStore store, TimeProvider clock)
{
    public Task<Result<NodeEntry>> MoveAsync(Caller caller, DepotPath from, DepotPath to, bool overwrite, CancellationToken cancellationToken,
        WritePreconditions? preconditions = null) =>
        RunAsync(caller, from, to, overwrite, copy: false, preconditions ?? WritePreconditions.None, cancellationToken);

    public Task<Result<NodeEntry>> CopyAsync(Caller caller, DepotPath from, DepotPath to, bool overwrite, CancellationToken cancellationToken,
        WritePreconditions? preconditions = null) =>
        RunAsync(caller, from, to, overwrite, copy: true, preconditions ?? WritePreconditions.None, cancellationToken);

    private async Task<Result<NodeEntry>> RunAsync(Caller caller, DepotPath from, DepotPath to, bool overwrite, bool copy,
        WritePreconditions preconditions, CancellationToken cancellationToken)
    {
        if ((from.IsRoot && !copy) || to.IsRoot)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.RootImmutable, "The root folder cannot be moved or replaced.");
        }

        await using var session = await store.WriteAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var opened = await FileTree.OpenAsync(session, caller, now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var (user, root) = opened.Value;
        // A move acts on a mount itself (the recipient's own node); a copy copies what it points at.
        var source = await FileTree.FindAsync(session, root, from, cancellationToken, copy ? Need.Read : Need.Write, followLast: copy);
        var parent = source.IsSuccess ? await FileTree.FindParentAsync(session, root, to, false, clock, cancellationToken) : source.Error!;
        if (!source.IsSuccess || !parent.IsSuccess)
        {
            return source.Error ?? parent.Error!;
        }

        if (!preconditions.IsSatisfiedBy(source.Value.ETag))
        {
            return Result<NodeEntry>.Fail(ErrorCodes.PreconditionFailed, $"'{from}' has changed since its ETag was read.");
        }

        if (!copy && source.Value.OwnerId != parent.Value.OwnerId)
        {
            // Shares reference nodes, and a node lives in its owner's tree and quota: it cannot cross into another's.
            return Result<NodeEntry>.Fail(ErrorCodes.CrossOwnerMove, $"'{from}' and '{to.Parent}' belong to different owners; copy instead.");
        }

        if (source.Value.IsFolder && await FitsAsync(session, source.Value, to, cancellationToken) is { } tooLong)
        {
            return tooLong;
        }

        // A copy leaves its source as it was; a move takes the source's locks along out of existence (RFC 4918 §7.7, §9.9).
        var target = new LockTarget(to, Membership: true, Subtree: true);
        if (await WriteLocks.CheckAsync(session, caller, root, now,
                copy ? [target] : [new LockTarget(from, Membership: true, Subtree: true), target], releasing: copy ? null : from, cancellationToken) is { } locked)
        {
            return locked;
        }

        var placed = await MovePlacement.CheckAsync(session, source.Value, parent.Value, to, overwrite, copy, now, cancellationToken);
        if (!placed.IsSuccess)
        {
            return placed.Error;
        }

        var result = copy
            ? await TreeCopy.CopyAsync(session, await UploadCommit.SpaceOfAsync(session, user, parent.Value, cancellationToken), source.Value, parent.Value, to.Name, clock, cancellationToken)
            : await MoveAsync(session, source.Value, parent.Value, to.Name, now, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error;
        }

        await session.TouchAsync(parent.Value.Id, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new NodeEntry(result.Value, to);
    }

    /// <summary>
    /// Every path under a moved or copied folder must stay addressable: within <see cref="DepotPath.MaxDepth"/> levels
    /// and <see cref="DepotPath.MaxBytes"/> bytes, the limits every request's path is parsed against.
    /// </summary>
    private static async Task<DepotError?> FitsAsync(IFileSession session, Node folder, DepotPath to, CancellationToken cancellationToken)
    {
        var room = DepotPath.MaxBytes - Encoding.UTF8.GetByteCount(to.Value);
        var (depth, longPaths) = await session.GetSubtreeExtentAsync(folder.Id, Math.Max(1, room / 4), cancellationToken);
        if (to.Segments.Count + depth > DepotPath.MaxDepth)
        {
            return new DepotError(ErrorCodes.InvalidPath,
                $"Under '{to}' its contents would reach {to.Segments.Count + depth} levels; the limit is {DepotPath.MaxDepth}.");
        }

        var longest = longPaths.Select(Encoding.UTF8.GetByteCount).DefaultIfEmpty(0).Max();
        return longest > room
            ? new DepotError(ErrorCodes.InvalidPath,
                $"Under '{to}' the longest path inside would be {longest + DepotPath.MaxBytes - room} bytes of UTF-8; the limit is {DepotPath.MaxBytes}.")
            : null;
    }

    private static async Task<Result<Node>> MoveAsync(
        IFileSession session, Node source, Node parent, string name, long now, CancellationToken cancellationToken)
    {
        await session.RelocateAsync(source.Id, parent.Id, name, cancellationToken);
        await session.TouchAsync(source.ParentId!, now, cancellationToken);
        return source with { ParentId = parent.Id, Name = name, NameKey = NodeName.Key(name) };
    }
}
