namespace Depot.Protocol.Files;

/// <summary>
/// A file or folder. <see cref="Path"/> is absolute within the caller's tree ("/" is the root, "/a/b.txt").
/// <see cref="ETag"/> is the strong entity tag as sent in HTTP (with quotes); <see cref="Sha256"/> is the
/// lower-case hex digest of the current version (files only).
/// <see cref="MountKind"/> is set only when <see cref="Kind"/> is <c>mount</c>: <c>file</c> or <c>folder</c>, what the
/// shared item it points at is (so a client knows whether opening it lists or downloads); null when that item is no
/// longer shared with the caller (a dangling mount, which the caller can only delete).
/// <see cref="Details"/> is set only by a folder listing asked for details (<see cref="NodeDetails"/>).
/// </summary>
public sealed record NodeInfo(
    string Id,
    string Path,
    string Name,
    string Kind,
    long Size,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    string ETag,
    string? Sha256,
    string? ContentType,
    string? VersionId,
    string? MountKind = null,
    NodeDetails? Details = null);
