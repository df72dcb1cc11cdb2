namespace Depot.Bench;

/// <summary>The report's rows, in order, titled with the sizes of this run.</summary>
internal static class Phases
{
    public static IReadOnlyList<Phase> For(BenchOptions o)
    {
        var large = Size(o.LargeBytes);
        var small = $"{o.Files:N0} × {Size(o.FileBytes)}";
        Phase[] all =
        [
            new("upload-large", $"Upload {large}, 1 stream", "MB/s", true,
                (w, t, ct) => w.UploadLargeAsync(t, ct), MegabytesPerSecond, new Goal(350, Relative: false)),
            new("download-large", $"Download {large}, 1 stream", "MB/s", true,
                (w, t, ct) => w.DownloadLargeAsync(t, ct), MegabytesPerSecond, new Goal(0.8, Relative: true)),
            new("upload-small", $"Upload {small}, {o.Concurrency} conns, one folder", "files/s", true,
                (w, t, ct) => w.UploadSmallAsync(t, ct), FilesPerSecond, new Goal(1.0, Relative: true)),
            new("read-small", $"Read {small}, {o.Concurrency} conns", "files/s", true,
                (w, t, ct) => w.ReadSmallAsync(t, ct), FilesPerSecond, new Goal(0.6, Relative: true)),
            new("list", $"List the {o.Files:N0}-entry folder (median of {o.ListRuns})", "ms", false,
                (w, t, ct) => w.ListAsync(t, ct), Median, null),
            new("dav-propfind", $"WebDAV PROPFIND Depth 1 of the {o.Files:N0}-entry folder (median of {o.ListRuns})", "ms", false,
                (w, t, ct) => w.PropfindAsync(t, ct), Median, null),
            new("dav-put-small", $"WebDAV PUT {small}, {o.Concurrency} conns, one folder", "files/s", true,
                (w, t, ct) => w.DavPutSmallAsync(t, ct), FilesPerSecond, null),
        ];

        // A cluster run measures transfers through the balancer; listings are one node's work whichever answers.
        return o.Cluster ? all[..4] : all;
    }

    // Decimal megabytes (10^6 bytes), as disks and networks are quoted.
    private static double MegabytesPerSecond(Measure m) => m.Bytes / 1e6 / m.Elapsed.TotalSeconds;

    private static double FilesPerSecond(Measure m) => m.Items / m.Elapsed.TotalSeconds;

    private static double Median(Measure m) => Stats.Median(m.SamplesMs!);

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} B",
    };
}
