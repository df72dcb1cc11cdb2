using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Cli.Transfers;
using Depot.Client;

namespace Depot.Cli.Commands;

/// <summary><c>depot versions ls|restore|get</c>: a file's earlier versions.</summary>
internal static class VersionsCommand
{
    public static Command Create(CliContext cli) =>
        new("versions", "List, restore or download earlier versions of a file") { List(cli), Restore(cli), Get(cli) };

    private static Command List(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "Remote file" };
        var command = new Command("ls", "List a file's versions, newest first") { path };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var versions = await session.Client.Versions.ListAsync(parse.GetRequiredValue(path), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(versions, CliJsonContext.Relaxed.IReadOnlyListVersionInfo);
                return ExitCodes.Ok;
            }

            foreach (var version in versions)
            {
                var created = version.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                run.WriteLine($"{version.Id}  {created}  {Sizes.Format(version.Size),10}  {version.Sha256[..12]}{(version.Current ? "  (current)" : "")}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Restore(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "Remote file" };
        var versionId = new Argument<string>("versionId") { Description = "Version id (from 'depot versions ls')" };
        var command = new Command("restore", "Make an earlier version current again (as a new version)") { path, versionId };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var node = await session.Client.Versions.RestoreAsync(parse.GetRequiredValue(path), parse.GetRequiredValue(versionId), cancellationToken);
            run.Say($"Restored {node.Path}");
            if (run.Json)
            {
                run.WriteJson(node, CliJsonContext.Relaxed.NodeInfo);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "Remote file" };
        var versionId = new Argument<string>("versionId") { Description = "Version id (from 'depot versions ls')" };
        var local = new Argument<string>("local") { Description = "Target path, or an existing folder", DefaultValueFactory = _ => "." };
        var yes = Confirmation.CreateOption();
        yes.Description = "Replace a local file that differs without asking (needed without a terminal)";
        var command = new Command("get", "Download an earlier version") { path, versionId, local, yes };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var remote = DepotPath.Normalize(parse.GetRequiredValue(path));
            var id = parse.GetRequiredValue(versionId);
            var versions = await session.Client.Versions.ListAsync(remote, cancellationToken);
            var version = versions.FirstOrDefault(v => v.Id == id)
                ?? throw new CliException(ExitCodes.NotFound, $"{remote} has no version {id}.");
            var target = run.ResolveLocal(parse.GetRequiredValue(local));
            var destination = Directory.Exists(target) ? Path.Combine(target, DepotPath.GetName(remote)) : target;
            RemoteFile[] files = [RemoteFile.Version(remote, version, destination)];
            await OverwriteGuard.ConfirmAsync(run, files, parse.GetValue(yes), cancellationToken);
            var transfers = await Downloads.RunAsync(run, session.Client, files, jobs: 1, cancellationToken);
            if (run.Json)
            {
                run.WriteJson(transfers, CliJsonContext.Relaxed.IReadOnlyListTransfer);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
