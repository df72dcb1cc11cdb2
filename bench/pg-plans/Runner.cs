using System.Diagnostics;

namespace Depot.PgPlans;

/// <summary>Times each probe through the backend's real pool (warm-up, then repeated runs), then captures its plans once.</summary>
internal static class Runner
{
    // At least 7 runs and 0.5 s of them, at most 40 runs or 5 s: a median that holds on a shared 2-core machine.
    private const int MinRuns = 7;
    private const int MaxRuns = 40;
    private static readonly TimeSpan MinTime = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(5);

    public static async Task<List<ProbeResult>> RunAsync(IBackend backend, IReadOnlyList<Probe> probes, Landmarks landmarks, string? only)
    {
        var results = new List<ProbeResult>();
        // The first explained statement of a run came back without its plan once; one throwaway capture first.
        await backend.ExplainAsync(probes[0], landmarks);
        foreach (var probe in probes.Where(p => only is null || p.Name.StartsWith(only, StringComparison.Ordinal)))
        {
            string fingerprint = "";
            for (var i = 0; i < 2; i++)
            {
                fingerprint = await probe.RunAsync(backend.Database, landmarks, CancellationToken.None);
            }

            var times = new List<double>();
            var total = Stopwatch.StartNew();
            while (times.Count < MaxRuns && total.Elapsed < MaxTime && (times.Count < MinRuns || total.Elapsed < MinTime))
            {
                var one = Stopwatch.StartNew();
                await probe.RunAsync(backend.Database, landmarks, CancellationToken.None);
                times.Add(one.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            var plans = await backend.ExplainAsync(probe, landmarks);
            var result = new ProbeResult(probe, times[times.Count / 2], times[0], times.Count, fingerprint, plans);
            Console.Error.WriteLine($"{backend.Name,-8} {probe.Name,-28} {result.MedianMs,9:0.000} ms  {fingerprint}");
            results.Add(result);
        }

        return results;
    }
}
