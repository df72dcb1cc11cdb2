using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Protocol.Files;

namespace Depot.Cli.Commands;

/// <summary><c>depot trash ls|restore|purge|empty</c>: deleted files and folders.</summary>
internal static class TrashCommand
{
    public static Command Create(CliContext cli) =>
        new("trash", "List, restore or purge deleted files and folders") { List(cli), Restore(cli), Purge(cli), Empty(cli) };

    private static Command List(CliContext cli)
    {
        var command = new Command("ls", "List the trash, newest first");
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var items = new List<TrashItem>();
            await foreach (var item in session.Client.Trash.ListAsync(cancellationToken))
            {
                items.Add(item);
            }

            if (run.Json)
            {
                run.WriteJson(items, CliJsonContext.Relaxed.IReadOnlyListTrashItem);
                return ExitCodes.Ok;
            }

            foreach (var item in items)
            {
                var deleted = item.DeletedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                var size = item.Kind == NodeKinds.Folder ? "-" : Sizes.Format(item.Size);
                run.WriteLine($"{item.Id}  {deleted}  {size,10}  {item.OriginalPath}{(item.Kind == NodeKinds.Folder ? "/" : "")}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Restore(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Trash item id (from 'depot trash ls')" };
        var to = new Option<string?>("--to") { Description = "Restore to this path instead of the original one" };
        var command = new Command("restore", "Put an item back") { id, to };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var node = await session.Client.Trash.RestoreAsync(parse.GetRequiredValue(id), parse.GetValue(to), cancellationToken);
            run.Say($"Restored {node.Path}");
            if (run.Json)
            {
                run.WriteJson(node, CliJsonContext.Relaxed.NodeInfo);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Purge(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Trash item id (from 'depot trash ls')" };
        var yes = Confirmation.CreateOption();
        var command = new Command("purge", "Delete one item for good (asks first; --yes for scripts)") { id, yes };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            Confirmation.Require(run, parse.GetValue(yes), $"purge trash item {parse.GetRequiredValue(id)} for good");
            using var session = await run.OpenSessionAsync(cancellationToken);
            await session.Client.Trash.PurgeAsync(parse.GetRequiredValue(id), cancellationToken);
            return Done(run);
        });
        return command;
    }

    private static Command Empty(CliContext cli)
    {
        var yes = Confirmation.CreateOption();
        var command = new Command("empty", "Delete everything in the trash for good (asks first; --yes for scripts)") { yes };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            Confirmation.Require(run, parse.GetValue(yes), "empty the trash for good");
            using var session = await run.OpenSessionAsync(cancellationToken);
            await session.Client.Trash.EmptyAsync(cancellationToken);
            return Done(run);
        });
        return command;
    }

    private static int Done(Invocation run)
    {
        if (run.Json)
        {
            run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
        }

        return ExitCodes.Ok;
    }
}
