using System.Globalization;
using System.Text;

namespace Depot.Bench;

/// <summary>
/// The cluster table (run.sh <c>--cluster</c>): one column per way into the cluster (a node directly, then HAProxy with
/// one, two and three nodes behind it), each also as a ratio to the first. On two cores the nodes share the CPU the
/// single node had, so the shape (HAProxy's cost, what the extra nodes cost or give) is the point, not a speed-up.
/// </summary>
internal static class ClusterReport
{
    public static string Render(BenchReport report, BenchOptions options)
    {
        var targets = report.Depots;
        var first = targets[0];
        var md = new StringBuilder();
        md.AppendLine(Invariant($"## Depot cluster through HAProxy, {report.StartedAt:yyyy-MM-dd HH:mm} UTC")).AppendLine();
        foreach (var (key, value) in report.Meta)
        {
            md.AppendLine(Invariant($"- {key}: {value}"));
        }

        md.AppendLine()
          .AppendLine(options.Rounds > 1
              ? Invariant($"Each cell is the median of {options.Rounds} rounds, with the range in brackets.")
              : "One round: expect noise.")
          .AppendLine()
          .AppendLine("| phase | " + string.Join(" | ", targets) + " | " + string.Join(" | ", targets.Skip(1).Select(t => $"{t}/{first}")) + " |")
          .AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", targets.Count * 2 - 1)));
        foreach (var phase in Phases.For(options))
        {
            var cells = targets.Select(t => Summary.Of(report.Results.Where(r => r.Phase == phase.Id && r.Target == t).ToList())).ToList();
            var ratios = cells.Skip(1).Select(c => c.Value is { } v && cells[0].Value is { } b && b > 0 ? Invariant($"{v / b:0.00}×") : "–");
            md.AppendLine(Invariant($"| {phase.Title} ({phase.Unit}) | ") + string.Join(" | ", cells.Select(c => c.Cell(phase.Unit))) + " | "
                + string.Join(" | ", ratios) + " |");
        }

        md.AppendLine().AppendLine(CpuLine(report));
        foreach (var r in report.Results.Where(r => r.Retries > 0 || r.Error is not null))
        {
            md.AppendLine(r.Error is null
                ? Invariant($"- {r.Target} {r.Phase}, round {r.Round}: {r.Retries} requests throttled (429/503) and retried; the time includes the waits.")
                : Invariant($"- {r.Target} {r.Phase}, round {r.Round}, failed: {r.Error}"));
        }

        return md.ToString();
    }

    // Where the two cores went, summed over every timed run of each target: whose work a row is.
    private static string CpuLine(BenchReport report)
    {
        var byTarget = report.Results.Where(r => r.CpuSeconds is not null).GroupBy(r => r.Target)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.SelectMany(r => r.CpuSeconds!).GroupBy(c => c.Key)
                .Select(c => Invariant($"{c.Key} {c.Sum(x => x.Value):0.0} s"))));
        return "CPU seconds over the timed runs (with warm-ups), per target: " + string.Join("; ", byTarget) + ".";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
