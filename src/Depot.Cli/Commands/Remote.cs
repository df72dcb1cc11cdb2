using System.Net;
using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Commands;

/// <summary>Remote lookups that several verbs share.</summary>
internal static class Remote
{
    /// <summary>The node at <paramref name="path"/>, or null when nothing is there.</summary>
    public static async Task<NodeInfo?> TryStatAsync(DepotClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Files.StatAsync(path, cancellationToken);
        }
        catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Where <paramref name="source"/> lands, as mv and cp decide: inside <paramref name="target"/> when that is an
    /// existing folder or ends with "/", else at <paramref name="target"/> itself.
    /// </summary>
    public static async Task<string> DestinationAsync(DepotClient client, string source, string target, CancellationToken cancellationToken)
    {
        var into = target.EndsWith('/') || (await TryStatAsync(client, target, cancellationToken))?.Kind == NodeKinds.Folder;
        return into ? DepotPath.Combine(target, DepotPath.GetName(source)) : DepotPath.Normalize(target);
    }
}
