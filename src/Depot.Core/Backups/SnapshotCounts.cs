namespace Depot.Core.Backups;

/// <summary>What a metadata snapshot holds, for the backup manifest and the commands' reports.</summary>
public sealed record SnapshotCounts(long Users, long Files, long Folders, long Versions, long Blobs, long BlobBytes);
