namespace Depot.Bench;

/// <summary>
/// One phase on one target, as written to the JSON report. <c>PeakRssMiB</c>: a Depot's peak RSS during this run,
/// its warm-up included (given its <c>--depot-pid</c>).
/// </summary>
internal sealed record PhaseResult(
    int Round,
    string Phase,
    string Target,
    double? Value,
    string Unit,
    double Seconds,
    long Bytes,
    int Items,
    int Retries,
    double[]? SamplesMs,
    string? Error,
    IReadOnlyDictionary<string, double>? CpuSeconds = null,
    double? PeakRssMiB = null);
