using System.Diagnostics.Metrics;

namespace Depot.Core.Storage;

/// <summary>The blob store's durability cost: every upload waits for one fsync, so its latency caps small-file uploads.</summary>
internal static class StorageMetrics
{
    // From half a millisecond (a fast NVMe with a write cache) to a second (a struggling network disk).
    public static readonly Histogram<double> FsyncDuration = DepotMeter.Meter.CreateHistogram<double>(
        "depot.blob.fsync.duration", "s", "Time to make a newly written blob durable (fsync of the file).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
}
