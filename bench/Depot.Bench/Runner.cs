using System.Diagnostics;
using static System.FormattableString;

namespace Depot.Bench;

/// <summary>
/// Runs each phase on every target before moving to the next phase (nginx, then each Depot), so all
/// see the same machine state. Between runs it flushes dirty pages and waits for the CPUs to go quiet, so neither one
/// server's writeback nor the work it still does after its run is billed to the next.
/// </summary>
internal sealed class Runner(BenchOptions options, IReadOnlyList<Target> targets, TextWriter progress)
{
    private readonly CpuTime _cpu = new(options.CpuPids);

    public async Task<List<PhaseResult>> RunAsync(CancellationToken cancellationToken)
    {
        var broken = new Dictionary<Target, string>();
        foreach (var target in targets)
        {
            try
            {
                await target.PrepareAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Amazon.Runtime.AmazonServiceException)
            {
                broken[target] = "setup failed: " + e.Message;
                progress.WriteLine($"{target.Name}: {broken[target]}");
            }
        }

        var results = new List<PhaseResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var phase in Phases.For(options))
            {
                // A cluster's targets take turns going first (round 1: the first target first, round 2: the second…), so
                // that the background work a run leaves behind on the shared nodes (ANALYZE, caches) is not always
                // billed to the same one.
                var order = options.Cluster ? [.. targets.Skip((round - 1) % targets.Count), .. targets.Take((round - 1) % targets.Count)] : targets;
                foreach (var target in order.Where(t => t.Runs(phase)))
                {
                    // Targets of one cluster see each other's files: each writes under its own name there.
                    var workload = new Workload(options, options.Cluster ? $"{target.Name}/bench-{round}" : $"bench-{round}");
                    var result = broken.TryGetValue(target, out var why)
                        ? Failed(round, phase, target, why)
                        : await RunOneAsync(round, phase, workload, target, cancellationToken);
                    results.Add(result);
                    progress.WriteLine(result.Error is null
                        ? $"round {round} {phase.Id,-15} {target.Name,-8} {result.Value,10:0.0} {phase.Unit,-8} ({result.Seconds:0.000} s, {result.Retries} retries)"
                        : $"round {round} {phase.Id,-15} {target.Name,-8} FAILED: {result.Error}");
                }
            }
        }

        return results;
    }

    private async Task<PhaseResult> RunOneAsync(int round, Phase phase, Workload workload, Target target, CancellationToken cancellationToken)
    {
        FlushDirtyPages();
        var settled = await QuietMachine.WaitAsync(cancellationToken);
        if (settled >= QuietMachine.AtMost)
        {
            progress.WriteLine($"round {round} {phase.Id} {target.Name}: the CPUs were still busy after {QuietMachine.AtMost.TotalSeconds:0} s; running anyway");
        }
        else if (settled >= TimeSpan.FromSeconds(0.5))
        {
            progress.WriteLine(Invariant($"round {round} {phase.Id} {target.Name}: waited {settled.TotalSeconds:0.0} s for the CPUs to go quiet"));
        }

        var retriesBefore = target.Retries;
        try
        {
            // Includes the phase's warm-up: CPU is compared between targets doing the same work, not per byte.
            var cpuBefore = _cpu.Snapshot();
            // Issue 13 asks which phase makes the peak: VmHWM restarts from the current RSS for each run.
            int? pid = options.DepotPids.TryGetValue(target.Name, out var depotPid) && PeakRss.Reset(depotPid) ? depotPid : null;
            var m = await phase.RunAsync(workload, target, cancellationToken);
            return new PhaseResult(round, phase.Id, target.Name, phase.Value(m), phase.Unit, m.Elapsed.TotalSeconds,
                m.Bytes, m.Items, target.Retries - retriesBefore, m.SamplesMs, null, CpuTime.Since(cpuBefore, _cpu.Snapshot()),
                pid is { } p ? PeakRss.MiB(p) : null);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException
            or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
        {
            return Failed(round, phase, target, e.Message) with { Retries = target.Retries - retriesBefore };
        }
    }

    private static PhaseResult Failed(int round, Phase phase, Target target, string error) =>
        new(round, phase.Id, target.Name, null, phase.Unit, 0, 0, 0, 0, null, error);

    private static void FlushDirtyPages()
    {
        try
        {
            using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
            sync?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No sync(1) (not Linux): the phases still run, just without the flush.
        }
    }
}
