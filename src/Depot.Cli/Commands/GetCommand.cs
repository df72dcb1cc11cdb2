using System.CommandLine;
using Depot.Cli.Output;
using Depot.Cli.Transfers;

namespace Depot.Cli.Commands;

/// <summary><c>depot get &lt;remote&gt; [local]</c>: downloads a file or a whole folder, in parallel, with progress.</summary>
internal static class GetCommand
{
    public static Command Create(CliContext cli)
    {
        var remote = new Argument<string>("remote") { Description = "Remote file or folder" };
        var local = new Argument<string>("local")
        {
            Description = "Target path, an existing folder to get into, or - for standard output (a file only)", DefaultValueFactory = _ => ".",
        };
        var jobs = JobsOption.Create();
        var yes = Confirmation.CreateOption();
        yes.Description = "Replace local files that differ from the server's without asking (needed without a terminal)";
        var command = new Command("get", "Download a file or folder (recursively); an interrupted download resumes when run again")
        {
            remote, local, jobs, yes,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            if (parse.GetRequiredValue(local) == "-")
            {
                return await CatCommand.WriteAsync(run, parse.GetRequiredValue(remote), cancellationToken);
            }

            using var session = await run.OpenSessionAsync(cancellationToken);
            var node = await session.Client.Files.StatAsync(parse.GetRequiredValue(remote), cancellationToken);
            var files = await DownloadPlanner.PlanAsync(session.Client, node, run.ResolveLocal(parse.GetRequiredValue(local)), cancellationToken);
            await OverwriteGuard.ConfirmAsync(run, files, parse.GetValue(yes), cancellationToken);
            var transfers = await Downloads.RunAsync(run, session.Client, files, parse.GetValue(jobs), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(transfers, CliJsonContext.Relaxed.IReadOnlyListTransfer);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
