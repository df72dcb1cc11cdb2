namespace Depot.Core.Files;

/// <summary>
/// One entry of a zip to stream: its name inside the archive ("docs/a.txt"), and for a file the current version, whose
/// blob is verified against its size and SHA-256 as it is copied in.
/// </summary>
public sealed record ArchiveEntry(string Name, bool IsFolder, FileVersion? Version, DateTimeOffset ModifiedAt);
