using Depot.Protocol.Files;

namespace Depot.Cli.Transfers;

/// <summary>A remote file (or one version of it) to download and the local path it goes to.</summary>
internal sealed record RemoteFile(string Path, long Size, string ETag, string? Sha256, DateTimeOffset ModifiedAt, string? VersionId, string Local)
{
    public static RemoteFile Current(NodeInfo node, string local) =>
        new(node.Path, node.Size, node.ETag, node.Sha256, node.ModifiedAt, null, local);

    public static RemoteFile Version(string path, VersionInfo version, string local) =>
        new(path, version.Size, version.ETag, version.Sha256, version.CreatedAt, version.Id, local);
}
