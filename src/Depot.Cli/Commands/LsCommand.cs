using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Client;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Cli.Commands;

/// <summary><c>depot ls [path] [-l]</c>: a folder's contents (every page, folders first, natural order), or one file.</summary>
internal static class LsCommand
{
    // As a file manager shows a folder: folders first, then names in natural order (data-20 before data-110),
    // case-insensitively, ties broken by the exact name so the order is stable.
    private static readonly StringComparer NaturalOrder =
        StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.NumericOrdering | CompareOptions.IgnoreCase);

    public static Command Create(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "Folder or file", DefaultValueFactory = _ => "/" };
        var longFormat = new Option<bool>("--long", "-l") { Description = "Kind, size, modification time and name" };
        var command = new Command("ls", "List a folder") { path, longFormat };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var nodes = await ListAsync(session.Client, parse.GetRequiredValue(path), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(nodes, CliJsonContext.Relaxed.IReadOnlyListNodeInfo);
            }
            else
            {
                var showLong = parse.GetValue(longFormat);
                foreach (var node in nodes)
                {
                    run.WriteLine(showLong ? LongLine(node) : ShortName(node));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<IReadOnlyList<NodeInfo>> ListAsync(DepotClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            var nodes = new List<NodeInfo>();
            await foreach (var node in client.Files.ListAsync(path, cancellationToken: cancellationToken))
            {
                nodes.Add(node);
            }

            return [.. nodes
                .OrderBy(n => n.Kind == NodeKinds.Folder ? 0 : 1)
                .ThenBy(n => n.Name, NaturalOrder)
                .ThenBy(n => n.Name, StringComparer.Ordinal)];
        }
        catch (DepotApiException e) when (e.Code == ErrorCodes.NotAFolder)
        {
            return [await client.Files.StatAsync(path, cancellationToken)];
        }
    }

    private static string ShortName(NodeInfo node) => node.Kind == NodeKinds.Folder ? node.Name + "/" : node.Name;

    private static string LongLine(NodeInfo node)
    {
        var kind = node.Kind == NodeKinds.Folder ? 'd' : '-';
        var size = node.Kind == NodeKinds.Folder ? "-" : Sizes.Format(node.Size);
        var modified = node.ModifiedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{kind} {size,10}  {modified}  {ShortName(node)}";
    }
}
