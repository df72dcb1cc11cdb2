using System.Net.Http.Headers;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Client.Http;

/// <summary>Streams a file body to <c>PUT /api/v1/files/{path}</c>, replaying a seekable stream on retries.</summary>
internal static class Uploader
{
    // Above 1 MiB ask before sending (Expect: 100-continue), so a quota or precondition refusal costs no body.
    private const long ExpectContinueThreshold = 1024 * 1024;

    public static async Task<NodeInfo> UploadAsync(
        ApiConnection api, string path, Stream content, UploadOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var uri = api.Resolve(Routes.Under(Routes.Files, path) + Routes.Query(("parents", options.CreateParents ? "true" : null)));
        var start = content.CanSeek ? content.Position : 0;
        var kind = content.CanSeek ? RequestKind.Idempotent : RequestKind.NotIdempotent;
        using var response = await api.SendAsync(attempt =>
        {
            if (attempt > 1 && content.CanSeek)
            {
                content.Position = start;
            }

            return CreateRequest(uri, content, options, progress);
        }, kind, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ApiConnection.ReadAsync(response, DepotJsonContext.Default.NodeInfo, cancellationToken);
    }

    private static HttpRequestMessage CreateRequest(Uri uri, Stream content, UploadOptions options, IProgress<long>? progress)
    {
        var body = new ProgressStreamContent(content, progress);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(options.ContentType);
        if (options.Sha256 is { } sha256)
        {
            body.Headers.TryAddWithoutValidation("Content-Digest", ContentDigest.Format(sha256));
        }

        var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = body };
        if (options.IfMatch is { } ifMatch)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (options.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (options.MtimeValue is { } mtime)
        {
            request.Headers.TryAddWithoutValidation(UploadOptions.MtimeHeader, mtime);
        }

        if (body.Headers.ContentLength is null or > ExpectContinueThreshold)
        {
            request.Headers.ExpectContinue = true;
        }

        return request;
    }
}
