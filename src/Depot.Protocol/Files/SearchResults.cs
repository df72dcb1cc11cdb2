namespace Depot.Protocol.Files;

/// <summary>One page of <c>GET /api/v1/search</c>: matches by name, ordered by name. Pass <see cref="NextCursor"/> back as <c>cursor</c>.</summary>
public sealed record SearchResults(IReadOnlyList<NodeInfo> Items, string? NextCursor);
