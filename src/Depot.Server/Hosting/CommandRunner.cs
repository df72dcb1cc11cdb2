namespace Depot.Server.Hosting;

/// <summary>
/// What the folder verbs (<c>backup</c>, <c>restore</c>) share with <c>migrate-blobs</c>: usage errors exit with 2, Ctrl-C
/// ends the run through its token (so it can end its lease and say what was kept), any failure is one sentence on
/// standard error and exit code 1, never a stack trace.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync<T>(T? parsed, string usageLine, string cancelledSentence, Func<T, CancellationToken, Task<int>> run)
        where T : class
    {
        if (parsed is null)
        {
            await Console.Error.WriteLineAsync(usageLine);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await run(parsed, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"depot-server: {cancelledSentence}");
            return 1;
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"depot-server: {StartupFailure.Describe(exception)}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static async Task<int> FailAsync(string sentence)
    {
        await Console.Error.WriteLineAsync($"depot-server: {sentence}");
        return 1;
    }
}
