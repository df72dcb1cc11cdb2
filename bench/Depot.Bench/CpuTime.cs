using System.Diagnostics;
using System.Globalization;

namespace Depot.Bench;

/// <summary>
/// CPU seconds (user + system) that the processes given by <c>--cpu-pid</c>, and this client, spent during one timed run,
/// from /proc/PID/stat (Linux only). On two shared cores a slow row is often one process's CPU bill, not waiting:
/// this says whose.
/// </summary>
internal sealed class CpuTime(IReadOnlyDictionary<string, int> pids)
{
    public const string Client = "client";

    // USER_HZ: 100 on every Linux the tool runs on (sysconf(_SC_CLK_TCK) is not exposed to .NET).
    private const double TicksPerSecond = 100;

    public Dictionary<string, double> Snapshot()
    {
        var now = new Dictionary<string, double> { [Client] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds };
        foreach (var (name, pid) in pids)
        {
            if (ReadSeconds(pid) is { } seconds)
            {
                now[name] = seconds;
            }
        }

        return now;
    }

    public static Dictionary<string, double> Since(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Where(a => before.ContainsKey(a.Key)).ToDictionary(a => a.Key, a => Math.Round(a.Value - before[a.Key], 2));

    private static double? ReadSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 (utime, stime) are the 12th and 13th after the name.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
