namespace Depot.Bench;

/// <summary>
/// Everything a run measured: the raw JSON beside the Markdown table. <c>Depots</c> lists the Depot targets in report
/// order (the first is the baseline); <c>Sdks</c> the object store measured through its SDK alone (run.sh <c>--s3</c>); <c>DepotPeakRssMiB</c> is the first Depot's figure, as in reports from before
/// several Depots could run, and <c>PeakRssMiB</c> holds every target's, by name.
/// </summary>
internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    BenchSettings Settings,
    IReadOnlyDictionary<string, string> Meta,
    IReadOnlyList<string> Depots,
    IReadOnlyList<string> Sdks,
    IReadOnlyList<PhaseResult> Results,
    double? DepotPeakRssMiB,
    double? NginxPeakRssMiB,
    IReadOnlyDictionary<string, double?> PeakRssMiB,
    double? DiskFsyncFilesPerSecond);
