namespace Depot.Testing;

/// <summary>
/// Finds the built <c>depot-server.dll</c> for out-of-process tests. The build uses <c>UseArtifactsOutput</c>, so
/// a test assembly lives in <c>&lt;repo&gt;/artifacts/bin/&lt;Project&gt;/&lt;pivot&gt;/</c> and the server in
/// <c>&lt;repo&gt;/artifacts/bin/Depot.Server/&lt;pivot&gt;/</c>, where the pivot is <c>debug</c>, <c>release</c> or
/// <c>release_linux-x64</c>. <c>DEPOT_SERVER_DLL</c> overrides the search (e.g. to test a published build).
/// </summary>
public static class ServerExecutable
{
    public const string FileName = "depot-server.dll";

    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("DEPOT_SERVER_DLL");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"DEPOT_SERVER_DLL points at a missing file: {configured}", configured);
        }

        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var pivot = testOutput.Name; // the same configuration (and runtime) the tests were built with
        var looked = new List<string>();
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            var serverBin = new DirectoryInfo(Path.Combine(dir.FullName, "artifacts", "bin", "Depot.Server"));
            if (!serverBin.Exists)
            {
                continue;
            }

            var samePivot = Path.Combine(serverBin.FullName, pivot, FileName);
            looked.Add(samePivot);
            if (File.Exists(samePivot))
            {
                return samePivot;
            }

            // Another configuration was built (e.g. only Release): take the newest rather than fail.
            var newest = serverBin.EnumerateDirectories()
                .Select(d => new FileInfo(Path.Combine(d.FullName, FileName)))
                .Where(f => f.Exists)
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest.FullName;
            }
        }

        // Depot.Testing references Depot.Server, so the build copies the server (with its runtimeconfig) beside the tests.
        var beside = Path.Combine(testOutput.FullName, FileName);
        looked.Add(beside);
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        throw new FileNotFoundException(
            $"Cannot find {FileName}; build src/Depot.Server first or set DEPOT_SERVER_DLL. Looked at: {string.Join(", ", looked)}");
    }

    /// <summary>
    /// How to start the server: the test's <c>dotnet</c> host running <c>depot-server.dll</c> with <paramref name="arguments"/>,
    /// every stream redirected as UTF-8, in <paramref name="workingDirectory"/> (default: the program's own folder).
    /// </summary>
    public static System.Diagnostics.ProcessStartInfo StartInfo(IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var dll = Locate();
        var start = new System.Diagnostics.ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The tests say where the data is; an operator's environment must not.
        start.Environment.Remove("DEPOT_DATA");
        return start;
    }

    /// <summary>The <c>dotnet</c> host that runs the tests, so the server runs on the same runtime.</summary>
    public static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return "dotnet";
    }
}
