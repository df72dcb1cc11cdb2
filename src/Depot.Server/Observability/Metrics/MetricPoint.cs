namespace Depot.Server.Observability.Metrics;

/// <summary>One series: its labels (Prometheus names, in a fixed order) and its value, or its histogram.</summary>
internal sealed record MetricPoint(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramPoint? Histogram = null);
