using System.CommandLine;
using Depot.Cli.Output;
using Depot.Cli.Transfers;

namespace Depot.Cli.Commands;

/// <summary>
/// <c>depot put &lt;local&gt; [remote]</c>: uploads a file or a whole folder, in parallel, with progress. Large files go by
/// tus resumable uploads, and running the same put again after an interruption resumes them.
/// </summary>
internal static class PutCommand
{
    public static Command Create(CliContext cli)
    {
        var local = new Argument<string>("local") { Description = "Local file or folder" };
        var remote = new Argument<string>("remote") { Description = "Target path, or an existing folder to put into", DefaultValueFactory = _ => "/" };
        var jobs = JobsOption.Create();
        var resumableAbove = ResumableOption.Create();
        var command = new Command("put", "Upload a file or folder (recursively); missing remote folders are created")
        {
            local, remote, jobs, resumableAbove,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var source = run.ResolveLocal(parse.GetRequiredValue(local));
            var (folders, files) = await UploadPlanner.PlanAsync(session.Client, source, parse.GetRequiredValue(remote), cancellationToken);
            foreach (var folder in folders)
            {
                await session.Client.Files.CreateFolderAsync(folder, parents: true, cancellationToken);
            }

            var transfers = await Uploads.RunAsync(run, session, files, parse.GetValue(jobs), parse.GetValue(resumableAbove), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(transfers, CliJsonContext.Relaxed.IReadOnlyListTransfer);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
