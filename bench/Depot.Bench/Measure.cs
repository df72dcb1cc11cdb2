namespace Depot.Bench;

/// <summary>What one timed phase moved and how long it took; listings also keep every run.</summary>
internal sealed record Measure(TimeSpan Elapsed, long Bytes, int Items, double[]? SamplesMs = null);
