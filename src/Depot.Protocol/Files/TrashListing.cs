namespace Depot.Protocol.Files;

public sealed record TrashListing(IReadOnlyList<TrashItem> Items, string? NextCursor);
