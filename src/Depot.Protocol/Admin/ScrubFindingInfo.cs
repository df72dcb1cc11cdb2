namespace Depot.Protocol.Admin;

/// <summary>
/// One blob: <see cref="Damage"/> is <c>content_mismatch</c>, <c>size_mismatch</c> or <c>missing</c> (null for a blob
/// found good again), and where it is used (copies share blobs, so one blob can be several files).
/// </summary>
public sealed record ScrubFindingInfo(string BlobId, string? Damage, IReadOnlyList<ScrubLocationInfo> Locations);
