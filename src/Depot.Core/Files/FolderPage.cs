namespace Depot.Core.Files;

/// <summary>A page of a folder's children; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record FolderPage(NodeEntry Folder, IReadOnlyList<NodeEntry> Items, string? NextCursor);
