using System.Diagnostics.Metrics;

namespace Depot.Core.Storage;

/// <summary>
/// The blob store's durability cost (every upload waits for one fsync, so its latency caps small-file uploads) and its
/// integrity: damaged blobs as reads and scrubs find them, and what the last completed scrub saw.
/// </summary>
internal static class StorageMetrics
{
    // From half a millisecond (a fast NVMe with a write cache) to a second (a struggling network disk).
    public static readonly Histogram<double> FsyncDuration = DepotMeter.Meter.CreateHistogram<double>(
        "depot.blob.fsync.duration", "s", "Time to make a newly written blob durable (fsync of the file).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Counter<long> DamageFound = DepotMeter.Meter.CreateCounter<long>(
        "depot.blob.damaged", "{blob}", "Damaged blobs found (content, size or missing), by what found them: a read or a scrub.");

    private static ScrubReport? _lastScrub;

    // Gauges of the last completed scrub: nothing until one completed, so an alert can also fire on its absence.
    private static readonly ObservableGauge<long> LastScrubCompleted = DepotMeter.Meter.CreateObservableGauge(
        "depot.scrub.last_completed", () => Last(r => r.CompletedAt.ToUnixTimeSeconds()), "s", "When the last blob scrub completed (Unix time).");

    private static readonly ObservableGauge<long> LastScrubChecked = DepotMeter.Meter.CreateObservableGauge(
        "depot.scrub.blobs_checked", () => Last(r => r.BlobsChecked), "{blob}", "Blobs the last completed scrub checked.");

    private static readonly ObservableGauge<long> LastScrubDamaged = DepotMeter.Meter.CreateObservableGauge(
        "depot.scrub.damaged", () => Last(r => (long)r.Damaged.Count), "{blob}", "Damaged or missing blobs the last completed scrub found.");

    public static void AnnounceZeros()
    {
        foreach (var damage in Enum.GetValues<BlobDamage>())
        {
            foreach (var detectedBy in (string[])[BlobHealth.ByRead, BlobHealth.ByScrub])
            {
                Damaged(damage, detectedBy, 0);
            }
        }
    }

    public static void Damaged(BlobDamage damage, string detectedBy, long count = 1) => DamageFound.Add(count,
        new KeyValuePair<string, object?>("damage", DamageName(damage)), new KeyValuePair<string, object?>("detected_by", detectedBy));

    public static void ScrubCompleted(ScrubReport report)
    {
        Volatile.Write(ref _lastScrub, report);
        // Touch the gauges so they exist (registered with the meter) before the first scrape after a scrub.
        GC.KeepAlive(LastScrubCompleted);
        GC.KeepAlive(LastScrubChecked);
        GC.KeepAlive(LastScrubDamaged);
    }

    public static string DamageName(BlobDamage damage) => damage switch
    {
        BlobDamage.ContentMismatch => "content_mismatch",
        BlobDamage.SizeMismatch => "size_mismatch",
        _ => "missing",
    };

    private static IEnumerable<Measurement<long>> Last(Func<ScrubReport, long> value) =>
        Volatile.Read(ref _lastScrub) is { } report ? [new Measurement<long>(value(report))] : [];
}
