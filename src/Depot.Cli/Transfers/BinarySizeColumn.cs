using Depot.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Depot.Cli.Transfers;

/// <summary>
/// "done / total" and the speed of a transfer in binary units (MiB), as <see cref="Sizes"/> writes the summary line:
/// Spectre's own columns divide by 1024 but print "MB", so bar and summary disagreed (issue 14).
/// </summary>
internal sealed class BinarySizeColumn(bool speed) : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(Describe(task));

    public string Describe(ProgressTask task)
    {
        if (!speed)
        {
            return $"{Sizes.Format((long)task.Value)} / {Sizes.Format((long)task.MaxValue)}";
        }

        return task.Speed is { } bytesPerSecond && !task.IsFinished ? $"{Sizes.Format((long)bytesPerSecond)}/s" : "";
    }
}
