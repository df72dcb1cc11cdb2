namespace Depot.Core.Storage;

/// <summary>A row of <c>blobs</c>: what a blob must hold, and since when it is known damaged (Unix ms; null: not known).</summary>
public sealed record BlobRecord(string Id, long Size, string Sha256, long? DamagedAt);
