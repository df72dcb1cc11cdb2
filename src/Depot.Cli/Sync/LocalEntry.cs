namespace Depot.Cli.Sync;

/// <summary>A local file or folder as scanned: size, modified time (whole Unix seconds) and the SHA-256 of a file.</summary>
internal sealed record LocalEntry(string Path, bool IsFolder, long Size, long Mtime, string? Sha256);
