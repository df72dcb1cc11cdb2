namespace Depot.Server.Observability.Metrics;

/// <summary>
/// A histogram series: the bucket upper bounds in ascending order (without +Inf) and the count of each bucket alone,
/// one more than there are bounds (the last is above every bound). The writer makes them cumulative.
/// </summary>
internal sealed record HistogramPoint(IReadOnlyList<double> Bounds, IReadOnlyList<long> Counts, double Sum);
