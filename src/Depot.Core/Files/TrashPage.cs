namespace Depot.Core.Files;

/// <summary>A page of the trash, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record TrashPage(IReadOnlyList<TrashEntry> Items, string? NextCursor);
