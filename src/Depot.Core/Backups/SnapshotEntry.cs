namespace Depot.Core.Backups;

/// <summary>
/// A live folder or file of one user's tree in a backup's metadata: its path below the user's root ("/a/b.txt"), and for
/// a file the blob, size and SHA-256 of its current version.
/// </summary>
public sealed record SnapshotEntry(string Path, bool IsFolder, string? BlobId, long Size, string? Sha256);
