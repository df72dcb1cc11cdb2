using System.Text;
using Depot.Server.Observability.Metrics;

namespace Depot.Server.Tests.Observability;

/// <summary>The exposition writer against the text format 0.0.4: escaping, histogram buckets, special values.</summary>
public sealed class PrometheusTextTests
{
    private static string Write(params MetricFamilySnapshot[] families)
    {
        var output = new StringBuilder();
        PrometheusText.Write(output, families);
        return output.ToString();
    }

    private static KeyValuePair<string, string>[] Labels(params (string Name, string Value)[] labels) =>
        [.. labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))];

    [Fact]
    public void Label_values_escape_backslash_quote_and_line_feed_and_help_escapes_backslash_and_line_feed()
    {
        var text = Write(new MetricFamilySnapshot("odd_total", "A \\ help\nwith \"quotes\"", MetricType.Counter,
            [new MetricPoint(Labels(("path", "C:\\dir\n\"x\"")), 3)]));

        Assert.Equal(
            "# HELP odd_total A \\\\ help\\nwith \"quotes\"\n" +
            "# TYPE odd_total counter\n" +
            "odd_total{path=\"C:\\\\dir\\n\\\"x\\\"\"} 3\n",
            text);
        var scrape = PrometheusScrape.Parse(text);
        Assert.Equal("C:\\dir\n\"x\"", scrape.Samples.Single().Labels["path"]);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_and_end_in_plus_inf_with_sum_and_count()
    {
        // 1 at or below 0.1, 2 in (0.1, 1], none in (1, 10], 4 above 10.
        var histogram = new HistogramPoint([0.1, 1, 10], [1, 2, 0, 4], 123.5);
        var text = Write(new MetricFamilySnapshot("latency_seconds", "Latency.", MetricType.Histogram,
            [new MetricPoint(Labels(("route", "/a")), histogram.Sum, histogram)]));

        Assert.Equal(
            "# HELP latency_seconds Latency.\n" +
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n" +
            "latency_seconds_bucket{route=\"/a\",le=\"1\"} 3\n" +
            "latency_seconds_bucket{route=\"/a\",le=\"10\"} 3\n" +
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 7\n" +
            "latency_seconds_sum{route=\"/a\"} 123.5\n" +
            "latency_seconds_count{route=\"/a\"} 7\n",
            text);
        Assert.Equal(4, PrometheusScrape.Parse(text).Samples.Count(s => s.Name == "latency_seconds_bucket"));
    }

    [Fact]
    public void A_histogram_without_labels_has_only_le()
    {
        var histogram = new HistogramPoint([1], [0, 2], 5);
        var text = Write(new MetricFamilySnapshot("batch", "Batch.", MetricType.Histogram, [new MetricPoint([], 5, histogram)]));

        Assert.Contains("batch_bucket{le=\"1\"} 0\nbatch_bucket{le=\"+Inf\"} 2\nbatch_sum 5\nbatch_count 2\n", text, StringComparison.Ordinal);
        PrometheusScrape.Parse(text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.0, "0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123456789012.0, "123456789012")]
    [InlineData(1e-7, "1E-07")]
    public void Numbers_are_written_the_way_Prometheus_parses_them(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.Number(value));

    [Fact]
    public void Gauges_and_counters_write_one_sample_per_series_under_one_help_and_type()
    {
        var text = Write(
            new MetricFamilySnapshot("a_total", "A.", MetricType.Counter, [new MetricPoint(Labels(("k", "1")), 1), new MetricPoint(Labels(("k", "2")), 2)]),
            new MetricFamilySnapshot("b", "B.", MetricType.Gauge, [new MetricPoint([], -1)]));

        var scrape = PrometheusScrape.Parse(text);
        Assert.Equal("counter", scrape.Types["a_total"]);
        Assert.Equal("gauge", scrape.Types["b"]);
        Assert.Equal(3, scrape.Value("a_total"));
        Assert.Equal(-1, scrape.Value("b"));
    }
}
