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

internal sealed record BenchSettings(long LargeBytes, long WarmupBytes, int Files, int FileBytes, int WarmupFiles, int Concurrency, int ListRuns, int Rounds)
{
    public static BenchSettings From(BenchOptions o) =>
        new(o.LargeBytes, o.WarmupBytes, o.Files, o.FileBytes, o.WarmupFiles, o.Concurrency, o.ListRuns, o.Rounds);
}
