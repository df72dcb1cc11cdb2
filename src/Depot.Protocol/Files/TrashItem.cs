namespace Depot.Protocol.Files;

/// <summary>A deleted file or folder in the caller's trash, restorable until <see cref="PurgeAt"/>.</summary>
public sealed record TrashItem(
    string Id,
    string Name,
    string Kind,
    string OriginalPath,
    long Size,
    DateTimeOffset DeletedAt,
    DateTimeOffset PurgeAt);
