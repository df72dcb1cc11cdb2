namespace Depot.Core.Files;

/// <summary>A page of a folder's children; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record FolderPage(NodeEntry Folder, IReadOnlyList<NodeEntry> Items, string? NextCursor)
{
    /// <summary>The root the folder was found from (a user's, or a link's item), for <see cref="FolderService.ListNextAsync"/>.</summary>
    internal Node Root { get; init; } = null!;
}
