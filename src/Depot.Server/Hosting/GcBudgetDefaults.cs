using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace Depot.Server.Hosting;

/// <summary>
/// Depot's default for the garbage collector's young-generation budget, which the runtime reads only from the
/// environment (<c>DOTNET_GCgen0size</c>, <c>DOTNET_GCgen0MaxBudget</c>): unlike the GC mode, it is not a
/// runtimeconfig.json property (<c>System.GC.Gen0Size</c> and <c>GCgen0size</c> there are ignored, measured on .NET
/// 10). So on Linux, when neither variable is set, the process sets both and replaces itself once with
/// <c>execve</c>: same PID, arguments and open descriptors, about 0.1 s more start-up.
/// <para>
/// Why: the workstation GC sizes gen0 from the L3 cache (32 MiB here gives a 16 MiB budget, and under load it grows
/// with the share of objects surviving), and keeps that much committed between collections. Depot's live heap is
/// about 20 MiB because bodies stream through pooled buffers, so most of the 75–100 MiB the GC had committed under
/// the benchmark was allocation budget. With 4 MiB (at most 6) the peak RSS of a full <c>bench/run.sh</c> fell by
/// about 50 MiB, for more but shorter gen0 collections (bench/README.md, "Issue 13: memory").
/// </para>
/// An operator who sets either variable gets exactly what they set (<c>0</c> is the runtime's own default); nothing
/// is changed then, nor on other systems.
/// </summary>
internal static partial class GcBudgetDefaults
{
    // Hexadecimal, as the runtime reads every DOTNET_ number: 4 MiB and 6 MiB.
    private static readonly KeyValuePair<string, string>[] Defaults =
    [
        new("DOTNET_GCgen0size", "400000"),
        new("DOTNET_GCgen0MaxBudget", "600000"),
    ];

    /// <summary>Set in the replaced process, so that a failed or ignored setting never loops.</summary>
    private const string AppliedMarker = "DEPOT_GC_BUDGET_APPLIED";

    /// <summary>Returns only when nothing is to be done or <c>execve</c> failed (the server then runs with the runtime's defaults).</summary>
    public static void ApplyByReexec()
    {
        if (!OperatingSystem.IsLinux()
            || Environment.GetEnvironmentVariable(AppliedMarker) is not null
            || Defaults.Any(d => Environment.GetEnvironmentVariable(d.Key) is not null))
        {
            return;
        }

        string?[] argv;
        try
        {
            // The exact argv the process was started with (`dotnet depot-server.dll …` or the apphost), which
            // Environment.GetCommandLineArgs does not give back for the muxer.
            var raw = File.ReadAllBytes("/proc/self/cmdline");
            argv = [.. Encoding.UTF8.GetString(raw).TrimEnd('\0').Split('\0'), null];
        }
        catch (IOException)
        {
            return;
        }

        var environment = new List<string?>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            environment.Add($"{variable.Key}={variable.Value}");
        }

        environment.AddRange(Defaults.Select(d => $"{d.Key}={d.Value}"));
        environment.Add($"{AppliedMarker}=1");
        environment.Add(null);
        _ = Execve("/proc/self/exe", argv, [.. environment]);
    }

    // argv and envp end with a null entry, as execve(2) requires.
    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
