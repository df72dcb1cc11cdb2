namespace Depot.Core.Files;

/// <summary>The stored file, and whether the upload created it (false: it added a version to an existing file).</summary>
public sealed record UploadResult(NodeEntry Entry, bool Created);
