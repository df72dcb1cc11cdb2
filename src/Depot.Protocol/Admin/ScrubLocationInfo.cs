namespace Depot.Protocol.Admin;

/// <summary>A file version that uses the blob: its owner's username, its path in the owner's tree, and whether it is current or in the trash.</summary>
public sealed record ScrubLocationInfo(string Owner, string Path, string VersionId, bool Current, bool InTrash);
