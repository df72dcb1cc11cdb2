using System.Diagnostics;
using System.Globalization;

namespace Depot.Bench;

/// <summary>
/// Waits before a run until the CPUs are close to idle, so what a server still does after its own run (the JIT tiering
/// up the code that run used, an ANALYZE, a WAL checkpoint) is not billed to the target that runs next. Measured on
/// 2026-12-07: Depot-pg spent 1.3 CPU seconds during the next target's first small-upload run. From /proc/stat (Linux);
/// elsewhere it returns at once.
/// </summary>
internal static class QuietMachine
{
    /// <summary>The longest wait: then the run starts anyway (and the progress output says so).</summary>
    public static readonly TimeSpan AtMost = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    // Quiet: under a tenth of all CPU time busy over one window (a fifth of a core on two cores). Time stolen by the
    // hypervisor is not this machine's work, and no wait would end it, so it does not count as busy.
    public const double QuietShare = 0.10;

    /// <summary>Returns how long it waited, at most <see cref="AtMost"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        if (Read() is not { } before)
        {
            return TimeSpan.Zero;
        }

        while (Stopwatch.GetElapsedTime(start) < AtMost)
        {
            await Task.Delay(Window, cancellationToken);
            if (Read() is not { } after)
            {
                break;
            }

            var total = after.Total - before.Total;
            if (total > 0 && after.Busy - before.Busy <= QuietShare * total)
            {
                break;
            }

            before = after;
        }

        return Stopwatch.GetElapsedTime(start);
    }

    // The "cpu" line: user nice system idle iowait irq softirq steal, in ticks since boot, summed over every CPU.
    private static (long Busy, long Total)? Read()
    {
        try
        {
            var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).Take(8).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            var (idle, iowait, steal) = (ticks[3], ticks[4], ticks[7]);
            var total = ticks.Sum();
            return (total - idle - iowait - steal, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }
}
