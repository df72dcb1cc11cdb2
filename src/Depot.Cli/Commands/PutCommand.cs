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
        var skipUnchanged = new Option<bool>("--skip-unchanged")
        {
            Description = "Skip files the server already has (see --compare); a target folder named like the local one is updated, not nested into",
        };
        var compare = new Option<string>("--compare")
        {
            Description = "What --skip-unchanged compares: sha256 (size and content, default) or mtime (size and modification time)",
            DefaultValueFactory = _ => UnchangedFilter.BySha256,
        };
        compare.AcceptOnlyFromAmong(UnchangedFilter.BySha256, UnchangedFilter.ByMtime);
        var command = new Command("put", "Upload a file or folder (recursively); missing remote folders are created")
        {
            local, remote, jobs, resumableAbove, skipUnchanged, compare,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var source = run.ResolveLocal(parse.GetRequiredValue(local));
            var skip = parse.GetValue(skipUnchanged);
            var plan = await UploadPlanner.PlanAsync(session.Client, source, parse.GetRequiredValue(remote), skip, cancellationToken);
            var (files, skipped) = skip
                ? await UnchangedFilter.FilterAsync(session.Client, plan.Destination, plan.IsFolder, plan.Files, parse.GetRequiredValue(compare), cancellationToken)
                : (plan.Files, 0);
            foreach (var folder in plan.Folders)
            {
                await session.Client.Files.CreateFolderAsync(folder, parents: true, cancellationToken);
            }

            var transfers = await Uploads.RunAsync(run, session, files, parse.GetValue(jobs), parse.GetValue(resumableAbove), cancellationToken);
            if (skip)
            {
                run.Say($"{skipped} unchanged file(s) skipped");
            }

            if (run.Json)
            {
                run.WriteJson(transfers, CliJsonContext.Relaxed.IReadOnlyListTransfer);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
