namespace Depot.Protocol.Admin;

/// <summary>What a completed scrub found: damaged or missing blobs, and marked ones found good again.</summary>
public sealed record ScrubReportInfo(
    DateTimeOffset StartedAt, DateTimeOffset CompletedAt, long BlobsChecked, long BytesChecked,
    IReadOnlyList<ScrubFindingInfo> Damaged, IReadOnlyList<ScrubFindingInfo> Recovered);
