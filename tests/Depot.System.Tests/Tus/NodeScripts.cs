using System.Diagnostics;
using Depot.Testing;

namespace Depot.System.Tests.Tus;

/// <summary>
/// Runs the Node scripts under <c>Tus/js</c>: <c>npm ci</c> once per test run (the lock file pins tus-js-client), then
/// <c>node script args…</c> with a bounded wait. Node and npm come from the machine (scripts/test.sh checks them).
/// </summary>
internal static class NodeScripts
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private static bool _installed;

    public static string Folder { get; } = Path.Combine(Repository.Root, "tests", "Depot.System.Tests", "Tus", "js");

    public static async Task<string> RunAsync(string script, params string[] args)
    {
        await Install.WaitAsync();
        try
        {
            if (!_installed)
            {
                await ExecAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(3));
                _installed = true;
            }
        }
        finally
        {
            Install.Release();
        }

        return await ExecAsync("node", [script, .. args], TimeSpan.FromMinutes(2));
    }

    private static async Task<string> ExecAsync(string program, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}: {await stderr}");
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
