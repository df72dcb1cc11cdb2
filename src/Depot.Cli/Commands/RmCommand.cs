using System.CommandLine;
using Depot.Cli.Output;
using Depot.Protocol.Files;

namespace Depot.Cli.Commands;

/// <summary><c>depot rm [-r] path...</c>: moves files (and with -r folders) to the trash.</summary>
internal static class RmCommand
{
    public static Command Create(CliContext cli)
    {
        var paths = new Argument<string[]>("path") { Description = "Files or folders to move to the trash", Arity = ArgumentArity.OneOrMore };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Allow folders (with everything inside)" };
        var command = new Command("rm", "Move files and folders to the trash (restore with 'depot trash restore')") { paths, recursive };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var removed = new List<string>();
            foreach (var path in parse.GetRequiredValue(paths))
            {
                var node = await session.Client.Files.StatAsync(path, cancellationToken);
                if (node.Kind == NodeKinds.Folder && !parse.GetValue(recursive))
                {
                    throw new CliException(ExitCodes.Error, $"{node.Path} is a folder: use 'depot rm -r'.");
                }

                // If-Match: remove what we just looked at, not something written meanwhile.
                await session.Client.Files.DeleteAsync(node.Path, node.Kind == NodeKinds.File ? node.ETag : null, cancellationToken);
                removed.Add(node.Path);
            }

            if (run.Json)
            {
                run.WriteJson(new Done(true, removed), CliJsonContext.Relaxed.Done);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
