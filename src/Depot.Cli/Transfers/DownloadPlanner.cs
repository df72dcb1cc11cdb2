using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Transfers;

/// <summary>
/// What <c>get</c> fetches where: into the local target when it is an existing folder, else to the target path.
/// Remote folders are walked recursively; the local folders are created (empty ones too).
/// </summary>
internal static class DownloadPlanner
{
    public static async Task<IReadOnlyList<RemoteFile>> PlanAsync(DepotClient client, NodeInfo node, string local, CancellationToken cancellationToken)
    {
        var destination = Directory.Exists(local) ? Path.Combine(local, node.Name) : local;
        if (node.Kind != NodeKinds.Folder)
        {
            return [RemoteFile.Current(node, destination)];
        }

        var files = new List<RemoteFile>();
        var pending = new Queue<(string Remote, string Local)>([(node.Path, destination)]);
        while (pending.TryDequeue(out var folder))
        {
            Directory.CreateDirectory(folder.Local);
            await foreach (var child in client.Files.ListAsync(folder.Remote, cancellationToken: cancellationToken))
            {
                var childLocal = Path.Combine(folder.Local, child.Name);
                if (child.Kind == NodeKinds.Folder)
                {
                    pending.Enqueue((child.Path, childLocal));
                }
                else
                {
                    files.Add(RemoteFile.Current(child, childLocal));
                }
            }
        }

        return files;
    }
}
