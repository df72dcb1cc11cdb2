using System.Runtime.CompilerServices;
using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Client;

/// <summary>Files and folders in the signed-in user's tree. Paths are Depot paths ("/a/b.txt"; "/" is the root).</summary>
public sealed class FilesClient
{
    private readonly ApiConnection _api;
    private readonly long _resumableThreshold;

    internal FilesClient(ApiConnection api, long resumableThreshold)
    {
        _api = api;
        _resumableThreshold = resumableThreshold;
    }

    /// <summary>
    /// Streams <paramref name="content"/> from its current position to the end into the file at <paramref name="path"/>.
    /// <paramref name="progress"/> gets the bytes sent so far (from 0 again if the upload is retried; only a
    /// seekable stream is retried after sending began). A seekable stream of at least
    /// <see cref="DepotClientOptions.ResumableThreshold"/> bytes goes by tus (<see cref="UploadResumableAsync"/>), so a
    /// broken connection costs a chunk, not the file.
    /// </summary>
    public Task<NodeInfo> UploadAsync(
        string path, Stream content, UploadOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        content.CanSeek && content.Length - content.Position >= _resumableThreshold
            ? UploadResumableAsync(path, content, options, null, progress, cancellationToken)
            : Uploader.UploadAsync(_api, path, content, options ?? new UploadOptions(), progress, cancellationToken);

    /// <summary>
    /// Uploads a seekable stream (from its current position) with tus resumable uploads: in checksummed chunks,
    /// continuing from the server's offset after a failure, or from <see cref="ResumeOptions.UploadUrl"/> of an
    /// earlier attempt. The file is committed like a PUT with <paramref name="options"/> (digest, conditions, parents).
    /// </summary>
    public Task<NodeInfo> UploadResumableAsync(
        string path, Stream content, UploadOptions? options = null, ResumeOptions? resume = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        content.CanSeek
            ? TusUploader.UploadAsync(_api, path, content, options ?? new UploadOptions(), resume ?? new ResumeOptions(), progress, cancellationToken)
            : throw new ArgumentException("A resumable upload needs a seekable stream.", nameof(content));

    /// <summary>Streams the file into <paramref name="destination"/>; <paramref name="progress"/> gets the bytes of the file held so far.</summary>
    public Task<DownloadResult> DownloadAsync(
        string path, Stream destination, DownloadOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        Downloader.DownloadAsync(_api, path, destination, options ?? new DownloadOptions(), progress, cancellationToken);

    public Task<NodeInfo> StatAsync(string path, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Under(Routes.Nodes, path), DepotJsonContext.Default.NodeInfo, cancellationToken);

    /// <summary>The folder's children, fetching page after page as the caller enumerates.</summary>
    public async IAsyncEnumerable<NodeInfo> ListAsync(
        string path, ListOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = Routes.Under(Routes.Folders, path);
        string? cursor = null;
        do
        {
            var query = Routes.Query(("limit", options?.PageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("cursor", cursor), ("sort", options?.Sort), ("order", options?.Order));
            var page = await _api.GetAsync(folder + query, DepotJsonContext.Default.FolderListing, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Creates a folder; with <paramref name="parents"/> missing parents too, and an existing folder is fine (mkdir -p).</summary>
    public Task<NodeInfo> CreateFolderAsync(string path, bool parents = false, CancellationToken cancellationToken = default)
    {
        var uri = Routes.Under(Routes.Folders, path) + Routes.Query(("parents", parents ? "true" : null));
        // mkdir -p ends in the same state however often it runs, so it may be retried; a plain mkdir may not.
        var kind = parents ? RequestKind.Idempotent : RequestKind.NotIdempotent;
        return SendForNodeAsync(HttpMethod.Post, uri, kind, cancellationToken);
    }

    public Task<NodeInfo> MoveAsync(string from, string to, bool overwrite = false, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Moves, new MoveRequest(DepotPath.Normalize(from), DepotPath.Normalize(to), overwrite),
            DepotJsonContext.Default.MoveRequest, DepotJsonContext.Default.NodeInfo, RequestKind.NotIdempotent, cancellationToken);

    public Task<NodeInfo> CopyAsync(string from, string to, bool overwrite = false, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Copies, new MoveRequest(DepotPath.Normalize(from), DepotPath.Normalize(to), overwrite),
            DepotJsonContext.Default.MoveRequest, DepotJsonContext.Default.NodeInfo, RequestKind.NotIdempotent, cancellationToken);

    /// <summary>Moves a file or folder to the trash; with <paramref name="ifMatch"/> only if it is still that version.</summary>
    public async Task DeleteAsync(string path, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var uri = _api.Resolve(Routes.Under(Routes.Files, path));
        using var response = await _api.SendAsync(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, uri);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return request;
        }, RequestKind.Idempotent, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private async Task<NodeInfo> SendForNodeAsync(HttpMethod method, string uri, RequestKind kind, CancellationToken cancellationToken)
    {
        using var response = await _api.SendAsync(_ => new HttpRequestMessage(method, _api.Resolve(uri)), kind,
            HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ApiConnection.ReadAsync(response, DepotJsonContext.Default.NodeInfo, cancellationToken);
    }
}
