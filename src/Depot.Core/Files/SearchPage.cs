namespace Depot.Core.Files;

/// <summary>One page of name-search results, ordered by name key then id; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record SearchPage(IReadOnlyList<NodeEntry> Items, string? NextCursor);
