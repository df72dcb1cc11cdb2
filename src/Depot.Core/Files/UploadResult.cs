namespace Depot.Core.Files;

/// <summary>
/// The stored file, and whether the upload created it (false: it added a version to an existing file).
/// <see cref="Unchanged"/>: the upload's content was the file's current content (same SHA-256), so no version was
/// added and no quota charged; only the modified time (and missing SHA-1/MD5) may have been updated.
/// </summary>
public sealed record UploadResult(NodeEntry Entry, bool Created, bool Unchanged = false);
