using Depot.Cli;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels gracefully (temp files removed, exit 130); a second one kills the process.
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};

return await CliApp.RunAsync(args, ConsoleHost.Create(), interrupt.Token);
