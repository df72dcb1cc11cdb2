using Depot.Core.Access;
using Depot.Protocol;

namespace Depot.Core.Files.Properties;

/// <summary>
/// Node metadata a client writes directly: dead properties (WebDAV PROPPATCH) and the modified time (WebDAV
/// <c>X-OC-Mtime</c>, sync tools). Paths are resolved through <see cref="FileService"/>, so the same access rules
/// hold as for every other file operation; properties are keyed by node id, so they follow a move.
/// </summary>
public sealed class PropertyService(IPropertyStore store, FileService files)
{
    /// <summary>Dead properties per node: a bound on what one resource can hold, far above what clients set.</summary>
    public const int MaxPerNode = 200;

    /// <summary>The dead properties of the caller's nodes among <paramref name="nodeIds"/> (a listing page, say).</summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<DeadProperty>>> GetAsync(
        Caller caller, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken) =>
        store.GetAsync(caller.UserId, nodeIds, cancellationToken);

    /// <summary>Applies every change in order, atomically. The caller vets the names (live properties are not dead ones).</summary>
    public async Task<Result<NodeEntry>> PatchAsync(
        Caller caller, DepotPath path, IReadOnlyList<PropertyChange> changes, CancellationToken cancellationToken)
    {
        var entry = await files.GetAsync(caller, path, cancellationToken);
        if (!entry.IsSuccess || changes.Count == 0)
        {
            return entry;
        }

        return await store.PatchAsync(caller.UserId, entry.Value.Node.Id, changes, MaxPerNode, cancellationToken)
            ? entry
            : Result<NodeEntry>.Fail(ErrorCodes.TooManyProperties, $"A file or folder holds at most {MaxPerNode} properties.");
    }

    /// <summary>After a copy: gives every node of the copy the dead properties of its original.</summary>
    public Task CopyAsync(Caller caller, NodeEntry from, NodeEntry to, CancellationToken cancellationToken) =>
        store.CopyTreeAsync(caller.UserId, from.Node.Id, to.Node.Id, cancellationToken);

    /// <summary>
    /// Sets the modified time of a file or folder, so sync tools (rclone, the ownCloud protocol) can keep the source's
    /// time and see an unchanged file as unchanged. Content and ETag are untouched.
    /// </summary>
    public async Task<Result<NodeEntry>> SetModifiedAsync(
        Caller caller, DepotPath path, DateTimeOffset modifiedAt, CancellationToken cancellationToken)
    {
        var entry = await files.GetAsync(caller, path, cancellationToken);
        if (!entry.IsSuccess)
        {
            return entry;
        }

        var at = modifiedAt.ToUnixTimeMilliseconds();
        await store.SetModifiedAsync(caller.UserId, entry.Value.Node.Id, at, cancellationToken);
        return entry.Value with { Node = entry.Value.Node with { ModifiedAt = at } };
    }
}
