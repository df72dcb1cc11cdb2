namespace Depot.Protocol.Changes;

/// <summary>
/// One change in the caller's view of their tree (mounted shares included, under the mount's path). <see cref="Cursor"/>
/// is this change's position: a client that has applied it passes it as <c>cursor</c> to get what came after.
/// <see cref="NodeKind"/> is <c>file</c>, <c>folder</c> or <c>mount</c>; <see cref="Size"/> and <see cref="ETag"/>
/// describe the node after the change (files: size and the strong ETag; folders: their ETag).
/// </summary>
public sealed record ChangeInfo(
    string Cursor,
    string Kind,
    string Path,
    string? OldPath,
    string NodeId,
    string NodeKind,
    long? Size,
    string? ETag,
    DateTimeOffset At);
