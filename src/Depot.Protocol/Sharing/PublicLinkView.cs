namespace Depot.Protocol.Sharing;

/// <summary>
/// What a visitor sees of a public link: <c>GET /s/{token}[/{path}]</c> with <c>Accept: application/json</c>.
/// <see cref="Name"/> and <see cref="Kind"/> are those of the link's item; <see cref="Path"/> is the place inside the link
/// ("/" at its top). <see cref="Items"/> is one page of a folder's children (null for a file, always null for a drop box,
/// which reveals nothing but its own name); pass <see cref="NextCursor"/> back as <c>?cursor=</c> for the next page.
/// <see cref="DownloadsLeft"/> is null when the link has no download limit.
/// </summary>
public sealed record PublicLinkView(
    string Mode, string Name, string Kind, string Path, PublicItem Item, IReadOnlyList<PublicItem>? Items, string? NextCursor,
    DateTimeOffset? ExpiresAt, long? DownloadsLeft);
