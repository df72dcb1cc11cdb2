namespace Depot.Core.Storage;

/// <summary>What one scrub found: every blob checked, the damaged and missing ones, and those found good again.</summary>
public sealed record ScrubReport(
    DateTimeOffset StartedAt, DateTimeOffset CompletedAt, long BlobsChecked, long BytesChecked,
    IReadOnlyList<ScrubFinding> Damaged, IReadOnlyList<ScrubFinding> Recovered);
