using Depot.Server.Observability.Metrics;

namespace Depot.Server.Tests.Observability;

/// <summary>OpenTelemetry instrument names and units to Prometheus metric names.</summary>
public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", "Histogram", "http_server_request_duration_seconds")]
    [InlineData("http.server.active_requests", "{request}", "Gauge", "http_server_active_requests")]
    [InlineData("kestrel.active_connections", "{connection}", "Gauge", "kestrel_active_connections")]
    [InlineData("dotnet.gc.collections", "{collection}", "Counter", "dotnet_gc_collections_total")]
    [InlineData("dotnet.process.memory.working_set", "By", "Gauge", "dotnet_process_memory_working_set_bytes")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", "Counter", "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("depot.upload.bytes", "By", "Counter", "depot_upload_bytes_total")]
    [InlineData("depot.uploads", "{upload}", "Counter", "depot_uploads_total")]
    [InlineData("depot.jobs_total", null, "Counter", "depot_jobs_total")]
    [InlineData("net.io", "By/s", "Gauge", "net_io_bytes_per_second")]
    [InlineData("cache.hit-ratio", "1", "Gauge", "cache_hit_ratio")]
    [InlineData("9lives", "", "Gauge", "_9lives")]
    [InlineData("weird..name", "ms", "Histogram", "weird_name_milliseconds")]
    public void Names_follow_the_OpenTelemetry_Prometheus_rules(string name, string? unit, string type, string expected) =>
        Assert.Equal(expected, PrometheusNames.Metric(name, unit, Enum.Parse<MetricType>(type)));

    [Theory]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("error.type", "error_type")]
    [InlineData("__reserved", "_reserved")]
    [InlineData("a:b", "a_b")]
    public void Label_names_lose_dots_colons_and_the_reserved_prefix(string name, string expected) =>
        Assert.Equal(expected, PrometheusNames.Label(name));
}
