namespace Depot.Cli.Sync;

/// <summary>
/// What a path was when both sides last agreed: the base of the three-way comparison. <see cref="Path"/> is relative to
/// the synced folders, '/'-separated; <see cref="Mtime"/> is whole Unix seconds (what the server keeps).
/// </summary>
internal sealed record SyncedEntry(string Path, bool IsFolder, long Size, long Mtime, string? Sha256, string? ETag);
