using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Depot.Client.Http;

/// <summary>
/// Streams <c>GET /api/v1/files/{path}</c> into the caller's stream: headers first, then the body through a pooled
/// buffer. A whole-file answer is checked against its Repr-Digest.
/// </summary>
internal static class Downloader
{
    public static async Task<DownloadResult> DownloadAsync(
        ApiConnection api, string path, Stream destination, DownloadOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var uri = api.Resolve(Routes.Under(Routes.Files, path) + Routes.Query(("version", options.VersionId)));
        using var response = await api.SendAsync(_ => CreateRequest(uri, options), RequestKind.Idempotent,
            HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        var resumed = response.StatusCode == HttpStatusCode.PartialContent;
        if (resumed && response.Content.Headers.ContentRange?.From != options.Offset)
        {
            throw new InvalidDataException($"The server resumed at {response.Content.Headers.ContentRange?.From}, not at {options.Offset}.");
        }

        if (!resumed && options.Offset > 0)
        {
            Restart(destination, options.Offset);
        }

        var start = resumed ? options.Offset : 0;
        var expected = resumed ? null : ContentDigest.ParseSha256(Header(response, "Repr-Digest"));
        using var hash = expected is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var copied = await StreamCopier.CopyAsync(body, destination, maxBytes: null, progress, start, hash, cancellationToken);
            if (response.Content.Headers.ContentLength is { } length && copied != length)
            {
                throw new IOException($"The download ended after {copied} of {length} bytes.");
            }

            if (hash is not null && !hash.GetHashAndReset().AsSpan().SequenceEqual(expected))
            {
                throw new InvalidDataException($"The downloaded content of {path} does not match the server's SHA-256.");
            }

            return new DownloadResult(start + copied, response.Headers.ETag?.ToString(), response.Content.Headers.ContentType?.MediaType, resumed);
        }
    }

    private static HttpRequestMessage CreateRequest(Uri uri, DownloadOptions options)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (options.Offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(options.Offset, null);
            if (options.IfRange is { } etag)
            {
                request.Headers.IfRange = new RangeConditionHeaderValue(EntityTagHeaderValue.Parse(etag));
            }
        }

        return request;
    }

    /// <summary>The server sent the whole file although we asked for the rest: drop the bytes we kept.</summary>
    private static void Restart(Stream destination, long kept)
    {
        if (!destination.CanSeek)
        {
            throw new InvalidOperationException("The server sent the whole file; a resumed download needs a seekable destination.");
        }

        destination.Seek(-kept, SeekOrigin.Current);
        destination.SetLength(destination.Position);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(',', values)
            : null;
}
