using Depot.Core.Files;

namespace Depot.Core.Uploads;

/// <summary>
/// What a client asks for when it creates a resumable upload: the target, the length (null = deferred), the raw
/// metadata to echo back, and how to commit it (content type, whole-file SHA-256, preconditions, parents) in the
/// terms of a PUT. <see cref="IdempotencyKey"/>: the client's key for this creation, so a repeated request finds the
/// upload the first one made instead of making (and reserving quota for) another.
/// </summary>
public sealed record NewUpload(DepotPath Path, long? Length, string? Metadata, UploadRequest Commit, string? IdempotencyKey = null);
