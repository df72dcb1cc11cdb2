using System.CommandLine;
using Depot.Cli.Output;
using Depot.Protocol.Files;

namespace Depot.Cli.Commands;

/// <summary><c>depot mkdir [-p] path...</c>: creates folders.</summary>
internal static class MkdirCommand
{
    public static Command Create(CliContext cli)
    {
        var paths = new Argument<string[]>("path") { Description = "Folders to create", Arity = ArgumentArity.OneOrMore };
        var parents = new Option<bool>("--parents", "-p") { Description = "Create missing parents; an existing folder is fine" };
        var command = new Command("mkdir", "Create folders") { paths, parents };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var created = new List<NodeInfo>();
            foreach (var path in parse.GetRequiredValue(paths))
            {
                created.Add(await session.Client.Files.CreateFolderAsync(path, parse.GetValue(parents), cancellationToken));
            }

            if (run.Json)
            {
                run.WriteJson(created, CliJsonContext.Relaxed.IReadOnlyListNodeInfo);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
