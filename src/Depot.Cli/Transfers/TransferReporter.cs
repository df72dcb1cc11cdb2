using Depot.Cli.Output;
using Spectre.Console;

namespace Depot.Cli.Transfers;

/// <summary>Hands each file transfer its progress sink; without a progress context it reports finished files as text.</summary>
internal sealed class TransferReporter(Invocation run, ProgressContext? context, ProgressTask? total)
{
    private readonly Lock _output = new();

    public FileProgress Begin(string label, long size) =>
        new(this, context?.AddTask(Markup.Escape(label), maxValue: Math.Max(size, 1)), label, size);

    internal void Advance(long delta) => total?.Increment(delta);

    internal void Finished(string label, long size)
    {
        if (context is null)
        {
            lock (_output)
            {
                run.Say($"{label} ({Sizes.Format(size)})");
            }
        }
    }
}
