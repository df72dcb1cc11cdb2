using System.CommandLine;
using Depot.Cli.Output;

namespace Depot.Cli.Commands;

/// <summary><c>depot mv &lt;source&gt; &lt;target&gt;</c>: into <c>target</c> when it is a folder, else to <c>target</c>.</summary>
internal static class MvCommand
{
    public static Command Create(CliContext cli)
    {
        var source = new Argument<string>("source") { Description = "What to mv" };
        var target = new Argument<string>("target") { Description = "New path, or an existing folder to mv into" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace an existing file at the target (it goes to trash)" };
        var command = new Command("mv", "Move or rename a file or folder") { source, target, force };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var from = parse.GetRequiredValue(source);
            var to = await Remote.DestinationAsync(session.Client, from, parse.GetRequiredValue(target), cancellationToken);
            var node = await session.Client.Files.MoveAsync(from, to, parse.GetValue(force), cancellationToken);
            run.Say($"{from} -> {node.Path}");
            if (run.Json)
            {
                run.WriteJson(node, CliJsonContext.Relaxed.NodeInfo);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
