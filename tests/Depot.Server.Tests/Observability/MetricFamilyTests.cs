using Depot.Server.Observability.Metrics;

namespace Depot.Server.Tests.Observability;

/// <summary>In-memory aggregation of one instrument: label sets, bounded series, histogram buckets.</summary>
public sealed class MetricFamilyTests
{
    private static KeyValuePair<string, object?>[] Tags(params (string Key, object? Value)[] tags) =>
        [.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))];

    [Fact]
    public void One_label_set_is_one_series_whatever_the_order_of_its_tags()
    {
        var family = new MetricFamily("requests_total", "Requests.", MetricType.Counter, Aggregation.Add, null);

        family.Measure(1, Tags(("http.request.method", "GET"), ("http.response.status_code", 200)));
        family.Measure(2, Tags(("http.response.status_code", 200), ("http.request.method", "GET")));

        var point = Assert.Single(family.Snapshot().Points);
        Assert.Equal(3, point.Value);
        Assert.Equal([new("http_request_method", "GET"), new("http_response_status_code", "200")], point.Labels);
    }

    [Fact]
    public void Past_the_series_bound_measurements_go_to_one_overflow_series()
    {
        var family = new MetricFamily("things_total", "Things.", MetricType.Counter, Aggregation.Add, null);

        for (var i = 0; i < 2100; i++)
        {
            family.Measure(1, Tags(("id", i)));
        }

        var points = family.Snapshot().Points;
        Assert.Equal(2001, points.Count);
        var overflow = Assert.Single(points, p => p.Labels.Any(l => l.Key == "otel_metric_overflow"));
        Assert.Equal(100, overflow.Value);
    }

    [Fact]
    public void Histogram_values_fall_into_the_first_bucket_whose_bound_is_at_least_them()
    {
        var family = new MetricFamily("size", "Size.", MetricType.Histogram, Aggregation.Record, [1, 10]);

        foreach (var value in new[] { 0.5, 1, 1.5, 10, 11 })
        {
            family.Measure(value, []);
        }

        var histogram = Assert.Single(family.Snapshot().Points).Histogram!;
        Assert.Equal([2L, 2L, 1L], histogram.Counts);   // ≤1: 0.5, 1 · ≤10: 1.5, 10 · above: 11
        Assert.Equal(24, histogram.Sum);
    }

    [Fact]
    public void Observed_values_replace_the_last_one()
    {
        var family = new MetricFamily("heap_bytes", "Heap.", MetricType.Gauge, Aggregation.Set, null);

        family.Measure(5, []);
        family.Measure(3, []);

        Assert.Equal(3, Assert.Single(family.Snapshot().Points).Value);
    }
}
