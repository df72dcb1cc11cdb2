namespace Depot.Bench;

/// <summary>One wrk run: requests completed, over how long, and the 99th percentile latency from <c>--latency</c>.</summary>
internal sealed record WrkResult(long Requests, TimeSpan Duration, double P99Ms, long BytesRead);
