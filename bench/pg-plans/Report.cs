using System.Text;

namespace Depot.PgPlans;

/// <summary>Writes one plan file per backend and a summary table with both side by side.</summary>
internal static class Report
{
    public static async Task WritePlansAsync(string path, IBackend backend, string header, List<ProbeResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(header).AppendLine(backend.Description).AppendLine();
        foreach (var r in results)
        {
            text.AppendLine($"=== {r.Probe.Name}: {r.Probe.Call}");
            text.AppendLine($"median {r.MedianMs:0.000} ms, min {r.MinMs:0.000} ms over {r.Runs} runs; result {r.Fingerprint}");
            text.AppendLine().AppendLine(r.Plans.TrimEnd()).AppendLine();
        }

        await File.WriteAllTextAsync(path, text.ToString());
    }

    public static async Task WriteSummaryAsync(string path, string header, IReadOnlyList<(IBackend Backend, List<ProbeResult> Results)> runs)
    {
        var text = new StringBuilder();
        text.AppendLine(header).AppendLine();
        foreach (var (backend, _) in runs)
        {
            text.AppendLine($"- {backend.Name}: {backend.Description}");
        }

        text.AppendLine().AppendLine("Median ms per store call (whole call: query, transfer, materialising rows).").AppendLine();
        text.AppendLine($"| probe | call | {string.Join(" | ", runs.Select(r => r.Backend.Name + " ms"))} | rows | same result |");
        text.AppendLine($"|---|---|{string.Concat(runs.Select(_ => "---:|"))}---:|---|");
        foreach (var first in runs[0].Results)
        {
            var cells = runs.Select(r => r.Results.FirstOrDefault(x => x.Probe.Name == first.Probe.Name)).ToList();
            var same = cells.All(c => c?.Fingerprint == first.Fingerprint) ? "yes" : "NO";
            text.AppendLine($"| {first.Probe.Name} | {first.Probe.Call} | " +
                $"{string.Join(" | ", cells.Select(c => c is null ? "" : c.MedianMs.ToString("0.000")))} | {first.Fingerprint.Split(' ')[0]} | {same} |");
        }

        await File.WriteAllTextAsync(path, text.ToString());
    }
}
