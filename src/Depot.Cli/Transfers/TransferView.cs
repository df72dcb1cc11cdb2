using System.Globalization;
using Depot.Cli.Output;
using Spectre.Console;

namespace Depot.Cli.Transfers;

/// <summary>
/// Shows transfers: per-file and total progress bars on stderr when it is a terminal, otherwise one plain line per
/// finished file on stdout (none with <c>--json</c>, whose document comes at the end).
/// </summary>
internal static class TransferView
{
    public static async Task RunAsync(Invocation run, int files, long totalBytes, Func<TransferReporter, Task> work)
    {
        var started = run.Host.Time.GetTimestamp();
        await ShowAsync(run, totalBytes, work);
        var seconds = run.Host.Time.GetElapsedTime(started).TotalSeconds;
        run.Say(string.Create(CultureInfo.InvariantCulture, $"{files} file(s), {Sizes.Format(totalBytes)} in {seconds:0.0} s"));
    }

    /// <summary>The bar's columns; sizes and speed use the summary's binary units.</summary>
    internal static ProgressColumn[] Columns() =>
    [
        new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new BinarySizeColumn(speed: false),
        new BinarySizeColumn(speed: true), new RemainingTimeColumn(),
    ];

    /// <summary>Runs <paramref name="work"/> under the bars (when stderr is a terminal), without the summary line.</summary>
    internal static async Task ShowAsync(Invocation run, long totalBytes, Func<TransferReporter, Task> work)
    {
        if (!run.Host.ShowProgress)
        {
            await work(new TransferReporter(run, context: null, total: null));
            return;
        }

        // The host has decided stderr is a terminal (ShowProgress); Spectre is told so rather than guessing again from
        // the writer it is given (a writer that is not the console would make it draw nothing).
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(run.Host.Error), Interactive = InteractionSupport.Yes });
        await console.Progress()
            // Bars vanish when done; the summary line stays.
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(Columns())
            .StartAsync(async context =>
            {
                var total = context.AddTask("[bold]total[/]", maxValue: Math.Max(totalBytes, 1));
                await work(new TransferReporter(run, context, total));
                total.Value = total.MaxValue;
                total.StopTask();
            });
    }
}
