using System.CommandLine;
using Depot.Protocol.Files;

namespace Depot.Cli.Commands;

/// <summary><c>depot cat &lt;remote&gt;</c> (also <c>depot get &lt;remote&gt; -</c>): streams one file to standard output.</summary>
internal static class CatCommand
{
    public static Command Create(CliContext cli)
    {
        var remote = new Argument<string>("remote") { Description = "Remote file" };
        var command = new Command("cat", "Write a file to standard output (for pipes: depot cat /a.csv | head)") { remote };
        cli.SetAction(command, (parse, run, cancellationToken) => WriteAsync(run, parse.GetRequiredValue(remote), cancellationToken));
        return command;
    }

    /// <summary>Streams the file's bytes, unchanged, to the process's standard output; a folder is a usage error.</summary>
    public static async Task<int> WriteAsync(Invocation run, string path, CancellationToken cancellationToken)
    {
        using var session = await run.OpenSessionAsync(cancellationToken);
        var node = await session.Client.Files.StatAsync(path, cancellationToken);
        if (node.Kind == NodeKinds.Folder)
        {
            throw new CliException(ExitCodes.Usage, $"'{node.Path}' is a folder; only a file can be written to standard output (use get to download a folder).");
        }

        // Text written before (none here) must not be overtaken by the raw bytes.
        await run.Host.Out.FlushAsync(cancellationToken);
        await using var stdout = run.Host.OpenStandardOutput();
        await session.Client.Files.DownloadAsync(path, stdout, cancellationToken: cancellationToken);
        await stdout.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
