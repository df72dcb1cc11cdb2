namespace Depot.Protocol.Files;

/// <summary>
/// One page of <c>GET /api/v1/folders/{path}</c>. Pass <see cref="NextCursor"/> back as <c>cursor</c>
/// for the next page; it is null on the last page.
/// </summary>
public sealed record FolderListing(NodeInfo Folder, IReadOnlyList<NodeInfo> Items, string? NextCursor);
