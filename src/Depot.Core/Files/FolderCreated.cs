namespace Depot.Core.Files;

/// <summary>The folder, and whether this call created it (false: with parents, it already existed).</summary>
public sealed record FolderCreated(NodeEntry Entry, bool Created);
