namespace Depot.Bench;

/// <summary>One phase on one target, as written to the JSON report.</summary>
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
    IReadOnlyDictionary<string, double>? CpuSeconds = null);
