namespace Depot.Server.Observability.Metrics;

/// <summary>The Prometheus metric types the exporter writes (text format 0.0.4 <c># TYPE</c>).</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
