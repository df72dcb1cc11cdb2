namespace Depot.Bench;

/// <summary>The report's rows, in order, titled with the sizes of this run; targets per issue 13.</summary>
internal static class Phases
{
    /// <summary>Depot's /healthz under wrk: what Kestrel alone costs, for scale. nginx has no such row.</summary>
    public const string WrkHealth = "wrk-healthz";

    // The rows a --cluster run measures: transfers through the balancer; listings are one node's work whichever answers.
    private static readonly HashSet<string> ClusterRows = ["upload-large", "download-large", "upload-small", "read-small"];

    public static IReadOnlyList<Phase> For(BenchOptions o)
    {
        var large = Size(o.LargeBytes);
        var small = $"{o.Files:N0} × {Size(o.FileBytes)}";
        var one = Size(o.FileBytes);
        var wrk = $"wrk, {o.WrkConnections} conns";
        Phase[] all =
        [
            new("upload-large", $"Upload {large}, 1 stream", "MB/s", true,
                (w, t, ct) => w.UploadLargeAsync(t, ct), MegabytesPerSecond, new Goal(0.8, Relative: true)),
            new("download-large", $"Download {large}, 1 stream", "MB/s", true,
                (w, t, ct) => w.DownloadLargeAsync(t, ct), MegabytesPerSecond, new Goal(0.8, Relative: true), Needs: "upload-large"),
            new("download-large-parallel", $"Download {large}, {o.LargeStreams} streams (total)", "MB/s", true,
                (w, t, ct) => w.DownloadLargeParallelAsync(t, ct), MegabytesPerSecond, new Goal(0.8, Relative: true), Needs: "upload-large"),
            new("upload-small", $"Upload {small}, {o.Concurrency} conns, one folder", "files/s", true,
                (w, t, ct) => w.UploadSmallAsync(t, ct), FilesPerSecond, new Goal(1.0, Relative: true)),
            new("read-small", $"Read {small}, {o.Concurrency} conns", "files/s", true,
                (w, t, ct) => w.ReadSmallAsync(t, ct), FilesPerSecond, new Goal(0.6, Relative: true), Needs: "upload-small"),
            new("dav-read-small", $"WebDAV GET {small}, {o.Concurrency} conns", "files/s", true,
                (w, t, ct) => w.DavReadSmallAsync(t, ct), FilesPerSecond, new Goal(0.6, Relative: true), Needs: "upload-small"),
            new("wrk-get", $"WebDAV GET one {one} file, {wrk}", "req/s", true,
                (w, t, ct) => w.WrkGetAsync(t, ct), RequestsPerSecond, new Goal(0.5, Relative: true), Needs: "upload-small"),
            new("wrk-get-p99", $"p99 latency of that, median of rounds", "ms", false,
                (_, t, _) => Workload.WrkLatencyAsync(t), Median, new Goal(2.0, Relative: true), Needs: "wrk-get"),
            new("wrk-get-p99-worst", $"p99 latency of that, worst round", "ms", false,
                (_, t, _) => Workload.WrkLatencyAsync(t), Median, new Goal(50, Relative: false), WorstOfRounds: true, Needs: "wrk-get"),
            new(WrkHealth, $"Depot's /healthz, {wrk} (context: Kestrel alone)", "req/s", true,
                (w, t, ct) => w.WrkHealthAsync(t, ct), RequestsPerSecond, null),
            new("list", $"List the {o.Files:N0}-entry folder (median of {o.ListRuns})", "ms", false,
                (w, t, ct) => w.ListAsync(t, ct), Median, null, Needs: "upload-small"),
            new("dav-propfind", $"WebDAV PROPFIND Depth 1 of the {o.Files:N0}-entry folder, rclone's props (median of {o.ListRuns})", "ms", false,
                (w, t, ct) => w.PropfindAsync(t, allprop: false, ct), Median, new Goal(1.5, Relative: true), Needs: "upload-small"),
            new("dav-propfind-allprop", $"WebDAV PROPFIND Depth 1 of the {o.Files:N0}-entry folder, allprop (no body) (median of {o.ListRuns})", "ms", false,
                (w, t, ct) => w.PropfindAsync(t, allprop: true, ct), Median, new Goal(1.5, Relative: true), Needs: "upload-small"),
            new("dav-put-small", $"WebDAV PUT {small}, {o.Concurrency} conns, one folder", "files/s", true,
                (w, t, ct) => w.DavPutSmallAsync(t, ct), FilesPerSecond, new Goal(1.0, Relative: true)),
        ];

        IReadOnlyList<Phase> rows = o.Cluster ? [.. all.Where(p => ClusterRows.Contains(p.Id))] : all;
        return o.Only is { } only ? Selected(rows, only) : rows;
    }

    // --only: the rows named, in report order, each with the row it reads from.
    private static List<Phase> Selected(IReadOnlyList<Phase> rows, IReadOnlySet<string> only)
    {
        if (only.FirstOrDefault(id => rows.All(p => p.Id != id)) is { } unknown)
        {
            throw new ArgumentException($"--only {unknown}: no such row in this run (rows: {string.Join(", ", rows.Select(p => p.Id))})");
        }

        var selected = rows.Where(p => only.Contains(p.Id)).ToList();
        if (selected.FirstOrDefault(p => p.Needs is { } needs && !only.Contains(needs)) is { } orphan)
        {
            throw new ArgumentException($"--only: {orphan.Id} reads what {orphan.Needs} writes; name both");
        }

        return selected;
    }

    // Decimal megabytes (10^6 bytes), as disks and networks are quoted.
    private static double MegabytesPerSecond(Measure m) => m.Bytes / 1e6 / m.Elapsed.TotalSeconds;

    private static double FilesPerSecond(Measure m) => m.Items / m.Elapsed.TotalSeconds;

    private static double RequestsPerSecond(Measure m) => m.Items / m.Elapsed.TotalSeconds;

    private static double Median(Measure m) => Stats.Median(m.SamplesMs!);

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} B",
    };
}
