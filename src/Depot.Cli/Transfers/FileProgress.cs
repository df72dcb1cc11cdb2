using Spectre.Console;

namespace Depot.Cli.Transfers;

/// <summary>
/// Progress of one file. Reports are absolute byte counts; a retried upload starts again at 0, and the total bar
/// follows it back, so the total never counts bytes twice.
/// </summary>
internal sealed class FileProgress(TransferReporter reporter, ProgressTask? task, string label, long size) : IProgress<long>
{
    private long _reported;

    public void Report(long value)
    {
        var delta = value - Interlocked.Exchange(ref _reported, value);
        if (task is not null)
        {
            task.Value = value;
        }

        reporter.Advance(delta);
    }

    public void Complete()
    {
        Report(size);
        task?.StopTask();
        reporter.Finished(label, size);
    }
}
