using System.Security.Cryptography;
using Depot.Cli.Commands;
using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Transfers;

/// <summary>
/// <c>put --skip-unchanged</c>: leaves out files the server already holds. By default a file is unchanged when its size
/// and SHA-256 equal the server's (reads every local file once, but never misses an edit that keeps the size and the
/// time); <c>--compare mtime</c> trusts size plus modification time in whole seconds (what the server keeps), reading nothing.
/// </summary>
internal static class UnchangedFilter
{
    public const string BySha256 = "sha256";
    public const string ByMtime = "mtime";

    public static async Task<(IReadOnlyList<LocalFile> Changed, int Skipped)> FilterAsync(
        DepotClient client, string destination, bool isFolder, IReadOnlyList<LocalFile> files, string compare, CancellationToken cancellationToken)
    {
        var remote = isFolder
            ? await RemoteTree.ListAsync(client, destination, cancellationToken)
            : await Remote.TryStatAsync(client, destination, cancellationToken) is { } single ? new Dictionary<string, NodeInfo> { [single.Path] = single } : [];
        var changed = new List<LocalFile>();
        foreach (var file in files)
        {
            if (!remote.TryGetValue(file.Remote, out var node) || !await SameAsync(file, node, compare, cancellationToken))
            {
                changed.Add(file);
            }
        }

        return (changed, files.Count - changed.Count);
    }

    private static async Task<bool> SameAsync(LocalFile file, NodeInfo node, string compare, CancellationToken cancellationToken)
    {
        if (node.Kind != NodeKinds.File || node.Size != file.Size)
        {
            return false;
        }

        if (compare == ByMtime)
        {
            return new DateTimeOffset(File.GetLastWriteTimeUtc(file.Path)).ToUnixTimeSeconds() == node.ModifiedAt.ToUnixTimeSeconds();
        }

        if (node.Sha256 is null)
        {
            return false;
        }

        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)).Equals(node.Sha256, StringComparison.OrdinalIgnoreCase);
    }
}
