namespace Depot.Core.Files;

/// <summary>One entry of a zip to stream: its name inside the archive ("docs/a.txt"), and the blob of a file's current version.</summary>
public sealed record ArchiveEntry(string Name, bool IsFolder, string? BlobId, DateTimeOffset ModifiedAt);
