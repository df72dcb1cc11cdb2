using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Depot.Cli.Sync;
using Depot.Cli.Transfers;
using Depot.Client;

namespace Depot.Cli.Commands;

/// <summary><c>depot sync LOCAL_DIR REMOTE_PATH [--dry-run] [--watch]</c>: keeps a local folder and a Depot folder in step.</summary>
internal static class SyncCommand
{
    /// <summary>Test hook: the host name in conflict copies (two test folders on one machine are two "machines").</summary>
    public const string HostVariable = "DEPOT_SYNC_HOST";

    public static Command Create(CliContext cli)
    {
        var local = new Argument<string>("local") { Description = "Local folder (must exist)" };
        var remote = new Argument<string>("remote") { Description = "Remote folder (created when missing)" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would be done; change nothing" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep running: sync again on local file events and server changes" };
        var jobs = JobsOption.Create();
        var resumableAbove = ResumableOption.Create();
        var command = new Command("sync", "Two-way sync of a local folder and a remote folder (conflicts keep both versions; see docs/cli.md)")
        {
            local, remote, dryRun, watch, jobs, resumableAbove,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var localRoot = Path.TrimEndingDirectorySeparator(run.ResolveLocal(parse.GetRequiredValue(local)));
            if (!Directory.Exists(localRoot))
            {
                throw new CliException(ExitCodes.NotFound, $"{localRoot}: no such folder.");
            }

            var remoteRoot = DepotPath.Normalize(parse.GetRequiredValue(remote));
            using var session = await run.OpenSessionAsync(cancellationToken);
            if (!parse.GetValue(dryRun))
            {
                await session.Client.Files.CreateFolderAsync(remoteRoot, parents: true, cancellationToken);
            }

            using var state = StateStore.Open(StateFile(run, session.Server, session.Config.Username, localRoot, remoteRoot), run.Host.Time);
            var uploader = ResumableUploader.For(run, session, parse.GetValue(resumableAbove));
            var host = run.Host.GetEnvironmentVariable(HostVariable) is { Length: > 0 } named ? named : Environment.MachineName;
            SyncContext NewContext() => new(session.Client, localRoot, remoteRoot, state, IgnoreRules.Load(localRoot),
                new SyncOutput(run, parse.GetValue(dryRun)), run.Host.Time, host, parse.GetValue(jobs), uploader);
            if (parse.GetValue(watch) && !parse.GetValue(dryRun))
            {
                await SyncWatcher.RunAsync(session, NewContext, cancellationToken);
                return ExitCodes.Ok;
            }

            var context = NewContext();
            await SyncPass.RunAsync(session, context, parse.GetValue(dryRun), cancellationToken);
            // Some paths could not be synced (reported above): scripts see it, the rest was synced.
            return context.Output.Count("error") > 0 ? ExitCodes.Error : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One state database per (server, user, local folder, remote folder), in the config folder's <c>sync/</c>.</summary>
    private static string StateFile(Invocation run, Uri server, string? username, string localRoot, string remoteRoot)
    {
        var identity = $"{server.AbsoluteUri}\n{username}\n{localRoot}\n{remoteRoot}";
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..24];
        return Path.Combine(Path.GetDirectoryName(run.Config.FilePath)!, "sync", key + ".db");
    }
}
