using System.Diagnostics;
using System.Globalization;

namespace Depot.Bench;

/// <summary>
/// Runs wrk (the one load generator whose numbers people quote for nginx) against one URL: <c>wrk -t2 -c64 -dNs
/// --latency</c>, with the request headers a WebDAV client would send. wrk is a separate process, so the load tool's
/// own .NET client costs nothing here.
/// </summary>
internal static class Wrk
{
    public static async Task<WrkResult> RunAsync(BenchOptions options, WrkRequest request, int seconds, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.WrkPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            "-t", options.WrkThreads.ToString(CultureInfo.InvariantCulture),
            "-c", options.WrkConnections.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "10s",
            "--latency"])
        {
            start.ArgumentList.Add(arg);
        }

        if (request.Authorization is { } authorization)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Authorization: " + authorization);
        }

        start.ArgumentList.Add(request.Url.AbsoluteUri);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"wrk could not be started ({options.WrkPath}: {e.Message}); run.sh installs it with apt", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var output = await stdout;
            return process.ExitCode == 0
                ? WrkOutput.Parse(output)
                : throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {(await stderr).Trim()} {output.Trim()}");
        }
    }
}
