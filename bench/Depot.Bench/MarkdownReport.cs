using System.Globalization;
using System.Text;

namespace Depot.Bench;

/// <summary>
/// The table people read: nginx, each Depot, Depot/nginx and the Depot target per phase; with several Depots (run.sh
/// <c>--postgres</c>) also each further Depot against the first, with its own target.
/// </summary>
internal static class MarkdownReport
{
    // Issue 13: 100 MiB through the whole run with Depot's own defaults (a small home server, a Raspberry Pi class machine).
    private const double RssBudgetMiB = 100;

    // Issue 10: Depot on PostgreSQL may cost at most a fifth of SQLite-Depot's performance on any row.
    private const double VsBaselineMinimum = 0.8;

    // Issue 11: Depot-s3's large PUT and GET reach at least 0.8× what the SDK alone reaches against the same store.
    private const double VsSdkMinimum = 0.8;

    public static string Render(BenchReport report, BenchOptions options)
    {
        // Runs without any Depot still show its column ("not run"), as they always have.
        var depots = report.Depots.Count > 0 ? report.Depots : [DepotServer.DefaultName];
        var baseline = depots[0];
        var others = depots.Skip(1).ToList();
        var md = new StringBuilder();
        md.AppendLine(Invariant($"## Depot vs nginx, {report.StartedAt:yyyy-MM-dd HH:mm} UTC")).AppendLine();
        foreach (var (key, value) in report.Meta)
        {
            md.AppendLine(Invariant($"- {key}: {value}"));
        }

        string[] header =
        [
            "phase", "nginx", .. depots, .. depots.Select(d => $"{d}/nginx"), "Depot target",
            .. depots.Select(d => depots.Count > 1 ? $"{d} met?" : "met?"),
            .. others.Select(o => $"{o}/{baseline}"),
            .. others.Select(o => o == options.LogShareDepot
                ? $"request log's share of {baseline}'s time"
                : Invariant($"{o} ≥ {VsBaselineMinimum:0.0#}× {baseline}?")),
        ];
        md.AppendLine()
          .AppendLine(options.Rounds > 1
              ? Invariant($"Each cell is the median of {options.Rounds} rounds, with the range in brackets.")
              : "One round: expect noise; the full run reports the median of three.")
          .AppendLine()
          .AppendLine("| " + string.Join(" | ", header) + " |")
          .AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", 1 + 2 * depots.Count)) + string.Concat(Enumerable.Repeat("---|", 1 + depots.Count))
              + string.Concat(Enumerable.Repeat("---:|", others.Count)) + string.Concat(Enumerable.Repeat("---|", others.Count)));
        foreach (var phase in Phases.For(options))
        {
            md.AppendLine(Row(phase, Find(report, phase, "nginx"), depots.Select(d => Find(report, phase, d)).ToList(), logShare: others.Select(o => o == options.LogShareDepot).ToList()));
        }

        md.AppendLine(RssRow(report, depots));
        md.Append(PhaseRssTable(report, options, depots));
        if (report.Sdks.Count > 0)
        {
            md.AppendLine().Append(SdkTable(report, options));
        }

        md.AppendLine().AppendLine(Notes(report, options, baseline, others));
        return md.ToString();
    }

    // logShare: per Depot after the first, whether it is the first with its request log off (--log-share).
    private static string Row(Phase phase, Summary nginx, List<Summary> depots, List<bool> logShare)
    {
        var toNginx = depots.Select(d => Ratio(d, nginx)).ToList();
        var goal = phase.Goal?.Describe(phase.Unit, phase.HigherIsBetter) ?? (phase.HigherIsBetter ? "— (higher is better)" : "— (lower is better)");
        var met = depots.Select((d, i) => phase.Goal switch
        {
            null => "",
            { Relative: true } g => Verdict(toNginx[i], g, phase.HigherIsBetter),
            { } g => Verdict(d.Value, g, phase.HigherIsBetter),
        });
        var toBaseline = depots.Skip(1).Select(d => Ratio(d, depots[0])).ToList();
        // On time rows the ratio is a time ratio: 0.8× the speed is 1.25× the time.
        var vsBaseline = toBaseline.Select((r, i) => logShare[i]
            ? LogShare(r, phase.HigherIsBetter)
            : Verdict(phase.HigherIsBetter ? r : 1 / r, new Goal(VsBaselineMinimum, Relative: true), higherIsBetter: true));
        string[] cells =
        [
            Invariant($"{phase.Title} ({phase.Unit})"), nginx.Cell(phase.Unit), .. depots.Select(d => d.Cell(phase.Unit)),
            .. toNginx.Select(Times), goal, .. met, .. toBaseline.Select(Times), .. vsBaseline,
        ];
        return "| " + string.Join(" | ", cells) + " |";
    }

    /// <summary>
    /// Issue 11: the Depot that stores in S3 against the SDK alone on the same endpoint, so the table shows Depot's
    /// overhead over its store rather than the store's own speed. Large transfers have a target; small files are context.
    /// </summary>
    private static string SdkTable(BenchReport report, BenchOptions options)
    {
        var depot = options.S3Depot;
        var sdks = report.Sdks;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"### {depot} against the SDK alone on the same S3 endpoint")).AppendLine();
        string[] header =
        [
            "phase", depot, .. sdks, .. sdks.Select(s => $"{depot}/{s}"), "target", .. sdks.Select(s => $"≥ target vs {s}?"),
        ];
        md.AppendLine("| " + string.Join(" | ", header) + " |")
          .AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", 1 + 2 * sdks.Count)) + string.Concat(Enumerable.Repeat("---|", 1 + sdks.Count)));
        foreach (var phase in Phases.For(options).Where(p => sdks.Any(s => Find(report, p, s).Ran)))
        {
            var mine = Find(report, phase, depot);
            var theirs = sdks.Select(s => Find(report, phase, s)).ToList();
            var ratios = theirs.Select(t => t.Ran ? Ratio(mine, t) : null).ToList();
            var large = phase.Id is "upload-large" or "download-large";
            string[] cells =
            [
                Invariant($"{phase.Title} ({phase.Unit})"), mine.Cell(phase.Unit), .. theirs.Select(t => t.Ran ? t.Cell(phase.Unit) : "–"),
                .. ratios.Select(Times), large ? Invariant($"≥ {VsSdkMinimum:0.0#}× the SDK") : "— (context)",
                .. theirs.Select((t, i) => large && t.Ran ? Verdict(ratios[i], new Goal(VsSdkMinimum, Relative: true), higherIsBetter: true) : ""),
            ];
            md.AppendLine("| " + string.Join(" | ", cells) + " |");
        }

        md.AppendLine()
          .AppendLine(Invariant($"{sdks[0]}: AWSSDK.S3 built by Depot's own S3Clients.Create (path style, checksums WHEN_REQUIRED), {Phases.Size(new Depot.Core.Storage.S3.S3StorageOptions().PartSize)} parts one after another as Depot's S3Upload sends them, one GET per read; no hashing, no metadata, no HTTP hop through Depot."))
          .AppendLine(Invariant($"{string.Join(", ", sdks.Skip(1))}: the same client with {options.S3PartsInFlight} parts in flight (TransferUtility's default), large upload only."));
        md.Append(CpuTable(report, options, [depot, .. sdks]));
        return md.ToString();
    }

    /// <summary>Who spent the CPU on the large rows (<c>--cpu-pid</c>): on two shared cores, that is where the time goes.</summary>
    private static string CpuTable(BenchReport report, BenchOptions options, IReadOnlyList<string> targets)
    {
        string[] processes = [CpuTime.Client, .. options.CpuPids.Keys];
        var rows = new StringBuilder();
        foreach (var phase in Phases.For(options).Where(p => p.Id is "upload-large" or "download-large"))
        {
            foreach (var target in targets)
            {
                var runs = report.Results.Where(r => r.Phase == phase.Id && r.Target == target && r.CpuSeconds is not null).ToList();
                if (runs.Count == 0)
                {
                    continue;
                }

                var cells = processes.Select(p => runs.All(r => r.CpuSeconds!.ContainsKey(p))
                    ? Invariant($"{Stats.Median(runs.Select(r => r.CpuSeconds![p]).ToList()):0.0}")
                    : "–");
                rows.AppendLine("| " + string.Join(" | ", [phase.Title, target, .. cells]) + " |");
            }
        }

        return rows.Length == 0 ? "" : new StringBuilder()
            .AppendLine()
            .AppendLine("CPU seconds per process during those runs (median over rounds; the phase's warm-up included, so every target does the same work):")
            .AppendLine()
            .AppendLine("| phase | target | " + string.Join(" | ", processes) + " |")
            .AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---:|", processes.Length)))
            .Append(rows)
            .ToString();
    }

    /// <summary>Which phase makes each Depot's peak RSS (issue 13): the highest over rounds, warm-ups included.</summary>
    private static string PhaseRssTable(BenchReport report, BenchOptions options, IReadOnlyList<string> depots)
    {
        var rows = new StringBuilder();
        foreach (var phase in Phases.For(options))
        {
            var cells = depots.Select(d => report.Results.Where(r => r.Phase == phase.Id && r.Target == d).Max(r => r.PeakRssMiB)).ToList();
            if (cells.Any(c => c is not null))
            {
                rows.AppendLine("| " + string.Join(" | ", [phase.Title, .. cells.Select(Mib)]) + " |");
            }
        }

        return rows.Length == 0 ? "" : new StringBuilder()
            .AppendLine()
            .AppendLine("Peak RSS per phase (MiB, `VmHWM` restarted before each run, warm-up included; the highest over rounds):")
            .AppendLine()
            .AppendLine("| phase | " + string.Join(" | ", depots) + " |")
            .AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", depots.Count)))
            .Append(rows)
            .ToString();
    }

    private static string RssRow(BenchReport report, IReadOnlyList<string> depots)
    {
        double? Rss(string name) => report.PeakRssMiB.GetValueOrDefault(name);
        string[] cells =
        [
            "Peak RSS, VmHWM (MiB)", Mib(Rss("nginx")), .. depots.Select(d => Mib(Rss(d))), .. depots.Select(_ => "–"),
            Invariant($"≤ {RssBudgetMiB:0} MiB"),
            .. depots.Select(d => Rss(d) is { } v ? (v <= RssBudgetMiB ? "✅ met" : "❌ missed") : "n/a"),
            .. depots.Skip(1).Select(d => Times(Rss(d) / Rss(depots[0]))), .. depots.Skip(1).Select(_ => ""),
        ];
        return "| " + string.Join(" | ", cells) + " |";
    }

    private static double? Ratio(Summary value, Summary to) =>
        to.Value is { } t && value.Value is { } v && t > 0 ? v / t : null;

    private static string Times(double? ratio) => ratio is { } r ? Invariant($"{r:0.00}×") : "–";

    private static string Mib(double? mib) => mib is { } m ? Invariant($"{m:0.0}") : "–";

    private static string Verdict(double? value, Goal goal, bool higherIsBetter) => value switch
    {
        null => "n/a",
        { } v when goal.IsMet(v, higherIsBetter) => "✅ met",
        _ => "❌ missed",
    };

    /// <summary>
    /// The request log line's share of Depot's time on a row, from quiet/Depot (<paramref name="ratio"/>): on a
    /// throughput row Depot spends 1/Depot per item and the quiet twin 1/quiet, so the log's share is 1 − Depot/quiet;
    /// on a time row it is 1 − quiet/Depot. Negative means noise was larger than the log's cost.
    /// </summary>
    private static string LogShare(double? ratio, bool higherIsBetter) => ratio switch
    {
        null or <= 0 => "–",
        { } r => Invariant($"{(higherIsBetter ? 1 - 1 / r : 1 - r) * 100:+0;-0;0}%"),
    };


    private static string Notes(BenchReport report, BenchOptions options, string baseline, IReadOnlyList<string> others)
    {
        var notes = new StringBuilder();
        notes.AppendLine("Notes:")
            .AppendLine("- **Durability differs.** Depot fsyncs every upload before it answers (nothing is acknowledged before it is durable); nginx never fsyncs. Upload rows compare a durable write with a page-cache write.")
            .AppendLine("- nginx lists with `autoindex on; autoindex_format json;` (one GET, one JSON array); Depot with `GET /api/v1/folders/{path}?limit=1000`, following `nextCursor`. Both responses are parsed by the client.")
            .AppendLine("- WebDAV rows: Depot at `/dav/` with HTTP Basic on every request and an **app password** created through the API (as a WebDAV client is set up), never the account password; nginx's plain GET/PUT and `PROPFIND` through the dav_ext module, no authentication. PROPFIND `Depth: 1` with rclone's property list, and with no body (allprop); `DAV:response` elements counted as the multistatus streams in. The REST rows use the bearer token.")
            .AppendLine(Invariant($"- wrk rows: `wrk -t{options.WrkThreads} -c{options.WrkConnections} -d{options.WrkSeconds}s --latency` (Depot with `-H 'Authorization: Basic …'`) on one small file, after an untimed {options.WrkWarmupSeconds} s run; one timed run per round per target. Its p99 is reported as the median over rounds and as the worst round (issue 13: no round above 50 ms). A non-2xx answer or a socket error fails the cell."))
            .AppendLine(Invariant($"- MB = 10^6 bytes. Each phase is preceded by an untimed warm-up of its own kind: a {Phases.Size(options.WarmupBytes)} large file; small-file uploads and reads (at least {options.WarmupFiles} files), listings or PROPFINDs for {options.WarmupTime.TotalSeconds:0} s. Before each warm-up, `sync` flushes dirty pages and the tool waits (at most {QuietMachine.AtMost.TotalSeconds:0} s) until the CPUs are {1 - QuietMachine.QuietShare:0%} idle, so no server's leftover work is billed to the next. Downloads and reads are served from the page cache on both sides."))
            .AppendLine("- Client and both servers share the same machine and cores over loopback; see bench/README.md before reading absolute numbers.")
            .AppendLine("- Peak RSS is `VmHWM` from /proc (nginx: at the end of the run, master plus workers, for context; Depot: the highest of start-up, each phase and the end, since its `VmHWM` is restarted before each phase to find the phase that makes it).");
        if (options.LogShareDepot is { } quiet)
        {
            notes.AppendLine(Invariant($"- **{quiet}** is the same build as {baseline} with only its request log line off (`Logging:LogLevel:Depot.Server.Observability.RequestLogging=Warning`); {baseline} logs with Depot's defaults. \"Request log's share\" is the part of {baseline}'s time per item (or per listing) the log line costs: 1 − {baseline}/{quiet} on throughput rows, 1 − {quiet}/{baseline} on time rows. /healthz is never logged, so its share shows the noise."));
        }

        foreach (var other in others.Where(o => o != options.LogShareDepot))
        {
            notes.AppendLine(Invariant($"- **{other}/{baseline}** is {other}'s median divided by {baseline}'s; on the ms rows it is a time ratio, so the {VsBaselineMinimum:0.0#}× target there means at most {1 / VsBaselineMinimum:0.00}× the time. {other}'s peak RSS is Depot's own; its database server's memory is not in it."));
        }

        if (report.DiskFsyncFilesPerSecond is { } fsync)
        {
            notes.AppendLine(Invariant($"- The disk under both data folders makes **{fsync:0} files/s** durable ({Phases.Size(options.FileBytes)} write, fsync, rename; {options.Concurrency} threads, no HTTP). That is the ceiling for Depot's small-file upload row; nginx's figure is not bounded by it."));
        }

        foreach (var r in report.Results.Where(r => r.Retries > 0))
        {
            notes.AppendLine(Invariant($"- {r.Target} {r.Phase}, round {r.Round}: {r.Retries} requests were throttled (429/503) and retried after Retry-After; the time includes the waits."));
        }

        foreach (var r in report.Results.Where(r => r.Error is not null))
        {
            notes.AppendLine(Invariant($"- {r.Target} {r.Phase}, round {r.Round}, failed: {r.Error}"));
        }

        return notes.ToString();
    }

    private static Summary Find(BenchReport report, Phase phase, string target) =>
        Summary.Of(report.Results.Where(r => r.Phase == phase.Id && r.Target == target).ToList(), phase);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
