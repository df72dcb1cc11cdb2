using System.Globalization;
using System.Text;

namespace Depot.Bench;

/// <summary>The table people read: nginx, Depot, Depot/nginx and the Depot target per phase.</summary>
internal static class MarkdownReport
{
    // 120 MiB: Depot's budget for a small home server or a Raspberry Pi class machine.
    private const double RssBudgetMiB = 120;

    public static string Render(BenchReport report, BenchOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"## Depot vs nginx, {report.StartedAt:yyyy-MM-dd HH:mm} UTC")).AppendLine();
        foreach (var (key, value) in report.Meta)
        {
            md.AppendLine(Invariant($"- {key}: {value}"));
        }

        md.AppendLine()
          .AppendLine(options.Rounds > 1
              ? Invariant($"Each cell is the median of {options.Rounds} rounds, with the range in brackets.")
              : "One round: expect noise; the full run reports the median of three.")
          .AppendLine()
          .AppendLine("| phase | nginx | Depot | Depot/nginx | Depot target | met? |")
          .AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var phase in Phases.For(options))
        {
            md.AppendLine(Row(phase, Find(report, phase, "nginx"), Find(report, phase, "Depot")));
        }

        md.AppendLine(RssRow(report));
        md.AppendLine().AppendLine(Notes(report, options));
        return md.ToString();
    }

    private static string Row(Phase phase, Summary nginx, Summary depot)
    {
        var ratio = nginx.Value is { } n && depot.Value is { } d && n > 0 ? d / n : (double?)null;
        var goal = phase.Goal?.Describe(phase.Unit) ?? (phase.HigherIsBetter ? "— (higher is better)" : "— (lower is better)");
        var met = phase.Goal switch
        {
            null => "",
            { Relative: true } g => Verdict(ratio, g.Minimum),
            { } g => Verdict(depot.Value, g.Minimum),
        };
        return Invariant($"| {phase.Title} ({phase.Unit}) | {nginx.Cell(phase.Unit)} | {depot.Cell(phase.Unit)} | {(ratio is { } r ? Invariant($"{r:0.00}×") : "–")} | {goal} | {met} |");
    }

    private static string RssRow(BenchReport report)
    {
        var nginx = report.NginxPeakRssMiB is { } n ? Invariant($"{n:0.0}") : "–";
        var depot = report.DepotPeakRssMiB is { } d ? Invariant($"{d:0.0}") : "–";
        var met = report.DepotPeakRssMiB is { } v ? (v <= RssBudgetMiB ? "✅ met" : "❌ missed") : "n/a";
        return Invariant($"| Peak RSS, VmHWM (MiB) | {nginx} | {depot} | – | ≤ {RssBudgetMiB:0} MiB | {met} |");
    }

    private static string Verdict(double? value, double minimum) => value switch
    {
        null => "n/a",
        { } v when v >= minimum => "✅ met",
        _ => "❌ missed",
    };


    private static string Notes(BenchReport report, BenchOptions options)
    {
        var notes = new StringBuilder();
        notes.AppendLine("Notes:")
            .AppendLine("- **Durability differs.** Depot fsyncs every upload before it answers (nothing is acknowledged before it is durable); nginx never fsyncs. Upload rows compare a durable write with a page-cache write.")
            .AppendLine("- nginx lists with `autoindex on; autoindex_format json;` (one GET, one JSON array); Depot with `GET /api/v1/folders/{path}?limit=1000`, following `nextCursor`. Both responses are parsed by the client.")
            .AppendLine("- WebDAV rows: both servers answer `PROPFIND Depth: 1` (nginx through the dav_ext module, Depot at `/dav/`) with the properties rclone asks for, counted as the multistatus streams in; `PUT` is nginx's plain PUT and Depot's `/dav/` PUT with HTTP Basic on every request, as WebDAV clients send it.")
            .AppendLine(Invariant($"- MB = 10^6 bytes. Each phase is preceded by an untimed warm-up ({Phases.Size(options.WarmupBytes)} large file, {options.WarmupFiles} small files, one listing). Downloads and reads are served from the page cache on both sides."))
            .AppendLine("- Client and both servers share the same machine and cores over loopback; see bench/README.md before reading absolute numbers.")
            .AppendLine("- Peak RSS is `VmHWM` from /proc at the end of the run (nginx: master plus workers, for context).");
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
        Summary.Of(report.Results.Where(r => r.Phase == phase.Id && r.Target == target).ToList());

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
