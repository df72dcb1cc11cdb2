using Depot.Core;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Protocol;
using Depot.Server.Dav.Locks;

namespace Depot.Server.Api;

/// <summary>
/// REST and tus writes honour WebDAV locks: a file an editor (Office, Finder) holds locked is not overwritten, moved
/// or deleted behind its back from the web app or the CLI. The write is refused with 423 <c>locked</c> unless the
/// request submits the lock's token the standard way, <c>If: (&lt;token&gt;)</c> (RFC 4918 §10.4). Locks are those of
/// the item's owner's tree, so a lock another user took on a shared item counts too, and only its taker's token lifts it.
/// </summary>
internal static class LockGuard
{
    /// <summary>Null when the write may go ahead; otherwise the error to answer.</summary>
    public static async Task<DepotError?> CheckAsync(
        HttpContext context, Caller caller, Func<Task<IReadOnlyList<LockTarget>>> targets, CancellationToken cancellationToken)
    {
        var locks = context.RequestServices.GetRequiredService<LockService>();
        if (!await locks.AnyAsync(cancellationToken))
        {
            return null;   // nearly always: then not even the targets are looked up
        }

        var submitted = context.Request.Headers.TryGetValue("If", out var values)
            ? IfHeader.Parse(string.Join(' ', values.ToArray()))?.SubmittedTokens
            : [];
        var check = await locks.CheckAsync(caller, await targets(), submitted ?? [], cancellationToken);
        // The If header only matters to REST when a lock applies, so a malformed one is reported only then.
        return check.IsSuccess ? null
            : submitted is null ? new DepotError(ErrorCodes.InvalidRequest, "The If header is malformed (RFC 4918 §10.4).")
            : new DepotError(ErrorCodes.Locked,
                $"'{check.Error.Detail}' is locked by a WebDAV client. Wait until it unlocks (locks expire), or send its token in an If header.");
    }

    /// <summary>
    /// After a delete or move: the locks on and below the old path go with the resource, as after a WebDAV DELETE or
    /// MOVE (RFC 4918 §7.5), so nothing stays locked at a path where nothing is.
    /// </summary>
    public static async Task ReleaseAsync(HttpContext context, Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var locks = context.RequestServices.GetRequiredService<LockService>();
        if (await locks.AnyAsync(cancellationToken))
        {
            await locks.ReleaseAsync(caller, path, cancellationToken);
        }
    }

    /// <summary>Writing the file at <paramref name="path"/>: creating it changes its folder's members, overwriting does not.</summary>
    public static Task<DepotError?> CheckWriteAsync(HttpContext context, Caller caller, DepotPath path, CancellationToken cancellationToken) =>
        CheckAsync(context, caller, async () =>
        {
            var existing = await context.RequestServices.GetRequiredService<FileService>().GetAsync(caller, path, cancellationToken);
            return [new LockTarget(path, Membership: !existing.IsSuccess)];
        }, cancellationToken);

    /// <summary>Creating, deleting or replacing what is at the paths, and everything below them.</summary>
    public static Task<DepotError?> CheckTreeAsync(HttpContext context, Caller caller, CancellationToken cancellationToken, params DepotPath[] paths) =>
        CheckAsync(context, caller, () => Task.FromResult<IReadOnlyList<LockTarget>>(
            [.. paths.Select(p => new LockTarget(p, Membership: true, Subtree: true))]), cancellationToken);
}
