namespace Depot.Core.Storage;

/// <summary>A file version that refers to a blob: whose it is and where (the path in the owner's tree; trashed items keep theirs).</summary>
public sealed record BlobLocation(string Owner, string Path, string VersionId, bool Current, bool InTrash);
