namespace Depot.Bench;

/// <summary>Everything a run measured: the raw JSON beside the Markdown table.</summary>
internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    BenchSettings Settings,
    IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<PhaseResult> Results,
    double? DepotPeakRssMiB,
    double? NginxPeakRssMiB,
    double? DiskFsyncFilesPerSecond);
