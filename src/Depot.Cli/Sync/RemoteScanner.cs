using Depot.Cli.Transfers;
using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Sync;

/// <summary>The remote folder's files and folders by relative path; mounts (shared items) and ignored names are left out.</summary>
internal static class RemoteScanner
{
    public static async Task<Dictionary<string, NodeInfo>> ScanAsync(DepotClient client, string root, IgnoreRules ignore, CancellationToken cancellationToken)
    {
        var nodes = await RemoteTree.ListAsync(client, root, cancellationToken);
        var entries = new Dictionary<string, NodeInfo>(SyncNames.Comparer);
        foreach (var (path, node) in nodes)
        {
            var relative = Relative(root, path);
            if (node.Kind is NodeKinds.File or NodeKinds.Folder && !ignore.IsIgnored(relative))
            {
                entries[relative] = node;
            }
        }

        return entries;
    }

    public static string Relative(string root, string path)
    {
        var prefix = DepotPath.Normalize(root).TrimEnd('/') + "/";
        // The server folds case: "/Sync" given on the command line lists as "/sync/...".
        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path[prefix.Length..] : path.TrimStart('/');
    }

    public static string Absolute(string root, string relative) => DepotPath.Combine(root, relative);
}
