namespace Depot.Protocol.Files;

/// <summary>
/// A file or folder. <see cref="Path"/> is absolute within the caller's tree ("/" is the root, "/a/b.txt").
/// <see cref="ETag"/> is the strong entity tag as sent in HTTP (with quotes); <see cref="Sha256"/> is the
/// lower-case hex digest of the current version (files only).
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
    string? VersionId);
