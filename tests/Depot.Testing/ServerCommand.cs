using System.Diagnostics;

namespace Depot.Testing;

/// <summary>
/// Runs <c>depot-server</c> as a command that is expected to end by itself (help, version, reset-password, a refused
/// start) and returns its exit code and output. Bounded: a process still running after the timeout is killed and the
/// test fails.
/// </summary>
public static class ServerCommand
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => StandardOutput + StandardError;
    }

    public static async Task<Outcome> RunAsync(IEnumerable<string> arguments, string? workingDirectory = null, string? standardInput = null,
        TimeSpan? timeout = null)
    {
        var start = ServerExecutable.StartInfo(arguments, workingDirectory);
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start depot-server");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"depot-server {string.Join(' ', arguments)} did not end; output: {await stdout}{await stderr}");
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
