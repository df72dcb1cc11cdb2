using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Client;

/// <summary>A file's earlier versions: <c>/api/v1/versions</c>.</summary>
public sealed class VersionsClient
{
    private readonly ApiConnection _api;

    internal VersionsClient(ApiConnection api) => _api = api;

    /// <summary>The file's versions, newest (current) first.</summary>
    public Task<IReadOnlyList<VersionInfo>> ListAsync(string path, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Under(Routes.Versions, path), DepotJsonContext.Default.IReadOnlyListVersionInfo, cancellationToken);

    /// <summary>Makes an old version's content current again, as a new version.</summary>
    public Task<NodeInfo> RestoreAsync(string path, string versionId, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Under(Routes.Versions, path), new RestoreVersionRequest(versionId),
            DepotJsonContext.Default.RestoreVersionRequest, DepotJsonContext.Default.NodeInfo, RequestKind.NotIdempotent, cancellationToken);

    public Task<DownloadResult> DownloadAsync(
        string path, string versionId, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        Downloader.DownloadAsync(_api, path, destination, new DownloadOptions { VersionId = versionId }, progress, cancellationToken);
}
