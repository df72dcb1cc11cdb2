namespace Depot.Protocol.Files;

/// <summary>One version of a file, newest first in listings. Download with <c>GET /api/v1/files/{path}?version={id}</c>.</summary>
public sealed record VersionInfo(
    string Id,
    long Size,
    string Sha256,
    string ETag,
    DateTimeOffset CreatedAt,
    bool Current);
