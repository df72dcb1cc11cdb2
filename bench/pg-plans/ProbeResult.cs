namespace Depot.PgPlans;

/// <summary>A probe's timing on one backend: the median and fastest of its timed runs, in milliseconds, and what it read.</summary>
internal sealed record ProbeResult(Probe Probe, double MedianMs, double MinMs, int Runs, string Fingerprint, string Plans);
