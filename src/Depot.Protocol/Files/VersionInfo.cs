namespace Depot.Protocol.Files;

/// <summary>
/// One version of a file, newest first in listings. Download with <c>GET /api/v1/files/{path}?version={id}</c>.
/// <see cref="Author"/> is the username of whoever saved it (absent for versions older than that record, or a deleted user).
/// </summary>
public sealed record VersionInfo(
    string Id,
    long Size,
    string Sha256,
    string ETag,
    DateTimeOffset CreatedAt,
    bool Current,
    string? Author = null);
