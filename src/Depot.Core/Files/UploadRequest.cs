namespace Depot.Core.Files;

/// <summary>
/// How to store an upload. <see cref="Length"/> is the declared size (HTTP Content-Length; null when chunked),
/// <see cref="Sha256"/> the lower-case hex digest the client declared, verified before anything is stored.
/// </summary>
public sealed record UploadRequest(
    long? Length = null,
    string? ContentType = null,
    string? Sha256 = null,
    WritePreconditions? Preconditions = null,
    bool CreateParents = false);
