using System.Globalization;

namespace Depot.Bench;

/// <summary>Peak resident set size (<c>VmHWM</c> in /proc/PID/status), Linux only.</summary>
internal static class PeakRss
{
    public static double? MiB(int pid) => ReadKiB(pid) is { } kib ? kib / 1024.0 : null;

    /// <summary>A process and its direct children (nginx: master plus workers), summed.</summary>
    public static double? TreeMiB(int pid)
    {
        var own = ReadKiB(pid);
        if (own is null)
        {
            return null;
        }

        var children = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0)
            .Where(p => p > 0 && ReadField(p, "PPid:") == pid)
            .Sum(p => ReadKiB(p) ?? 0);
        return (own.Value + children) / 1024.0;
    }

    /// <summary>
    /// Starts a new peak: writing 5 to <c>/proc/PID/clear_refs</c> sets <c>VmHWM</c> back to the current RSS (Linux 4.0+,
    /// proc(5)), so the next reading is the peak since now. False when that is not possible (another user's process,
    /// not Linux): the caller then has no per-phase figure rather than a wrong one.
    /// </summary>
    public static bool Reset(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadKiB(int pid) => ReadField(pid, "VmHWM:");

    private static long? ReadField(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var number = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process ended (or this is not Linux): no figure rather than a wrong one.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
