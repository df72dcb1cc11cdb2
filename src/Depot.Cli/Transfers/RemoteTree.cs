using System.Net;
using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Transfers;

/// <summary>Everything under a remote folder, by path, walked folder by folder in the largest pages the server allows.</summary>
internal static class RemoteTree
{
    // The server's maximum page (docs/api.md): fewer round trips on big folders.
    private static readonly ListOptions Pages = new() { PageSize = 1000 };

    /// <summary>The files and folders under <paramref name="root"/> (not the root itself); empty when the root does not exist.</summary>
    public static async Task<Dictionary<string, NodeInfo>> ListAsync(DepotClient client, string root, CancellationToken cancellationToken)
    {
        var nodes = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        var pending = new Queue<string>([DepotPath.Normalize(root)]);
        while (pending.TryDequeue(out var folder))
        {
            try
            {
                await foreach (var child in client.Files.ListAsync(folder, Pages, cancellationToken))
                {
                    nodes[child.Path] = child;
                    if (child.Kind == NodeKinds.Folder)
                    {
                        pending.Enqueue(child.Path);
                    }
                }
            }
            catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.NotFound && folder == DepotPath.Normalize(root))
            {
                // Nothing there yet: everything is new.
            }
        }

        return nodes;
    }
}
