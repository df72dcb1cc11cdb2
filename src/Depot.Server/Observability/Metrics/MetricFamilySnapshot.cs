namespace Depot.Server.Observability.Metrics;

/// <summary>One metric as a scrape writes it: its Prometheus name (with unit and <c>_total</c> suffixes), help, type and series.</summary>
internal sealed record MetricFamilySnapshot(string Name, string Help, MetricType Type, IReadOnlyList<MetricPoint> Points);
