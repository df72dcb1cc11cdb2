using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Depot.System.Tests.Dav;

/// <summary>
/// Runs a real third-party client (litmus, rclone, cadaver) to completion with a bounded wait, its output going to the
/// test log. A missing tool fails the test with the install hint: scripts/test.sh installs them.
/// </summary>
internal static class ExternalTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        ITestOutputHelper log, string tool, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? input = null)
    {
        var path = Find(tool) ?? throw new InvalidOperationException(
            $"'{tool}' is not installed; run ./scripts/test.sh or apt-get install -y litmus rclone cadaver.");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {timeout}:\n{output}");
        }

        process.WaitForExit();   // drains the asynchronous readers
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        log.WriteLine($"$ {tool} {string.Join(' ', start.ArgumentList)}  → exit {process.ExitCode}\n{text}");
        return (process.ExitCode, text);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
}
