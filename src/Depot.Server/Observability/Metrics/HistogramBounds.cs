using System.Diagnostics.Metrics;

namespace Depot.Server.Observability.Metrics;

/// <summary>A histogram's bucket bounds: the instrument's own advice when it gives some, else a default for its unit.</summary>
internal static class HistogramBounds
{
    // Prometheus client libraries' default, made for request durations in seconds.
    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // OpenTelemetry's default explicit buckets, for everything else.
    private static readonly double[] Other = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static double[] For(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            Array.Sort(advised);
            return advised;
        }

        return instrument.Unit == "s" ? Seconds : Other;
    }
}
