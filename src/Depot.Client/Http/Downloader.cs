using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Depot.Client.Http;

/// <summary>
/// Streams <c>GET /api/v1/files/{path}</c> into the caller's stream: headers first, then the body through a pooled
/// buffer. A whole-file answer is checked against its Repr-Digest. A body cut off mid-way (a node that died, a dropped
/// connection) is resumed where it stopped, with <c>Range</c> and <c>If-Range</c> on the ETag of what was received so
/// far, so the rest can only come from the same content; a file changed in between arrives whole instead.
/// </summary>
internal static class Downloader
{
    // Cuts one download survives; each resume is itself retried like any idempotent request.
    private const int MaxCuts = 10;
    private const int BufferSize = 81920; // as StreamCopier: just under the large-object-heap threshold

    public static async Task<DownloadResult> DownloadAsync(
        ApiConnection api, string path, Stream destination, DownloadOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var uri = api.Resolve(Routes.Under(Routes.Files, path) + Routes.Query(("version", options.VersionId)));
        var have = options.Offset;
        var ifRange = options.IfRange;
        bool? resumed = null;
        IncrementalHash? hash = null;
        byte[]? expected = null;
        try
        {
            for (var cuts = 0; ; cuts++)
            {
                using var response = await api.SendAsync(_ => CreateRequest(uri, have, ifRange), RequestKind.Idempotent,
                    HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                var partial = response.StatusCode == HttpStatusCode.PartialContent;
                if (partial && response.Content.Headers.ContentRange?.From != have)
                {
                    throw new InvalidDataException($"The server resumed at {response.Content.Headers.ContentRange?.From}, not at {have}.");
                }

                resumed ??= partial;
                if (!partial)
                {
                    // The whole file (first answer, the range not honoured, or changed since the cut): start over.
                    if (have > 0)
                    {
                        Restart(destination, have);
                        have = 0;
                    }

                    hash?.Dispose();
                    expected = ContentDigest.ParseSha256(Header(response, "Repr-Digest"));
                    hash = expected is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                }

                var etag = response.Headers.ETag;
                ifRange = etag is { IsWeak: false } ? etag.ToString() : null;
                var start = have;
                var (copied, complete) = await CopyAsync(response, destination, hash, progress, start, cancellationToken);
                have += copied;
                if (!complete)
                {
                    if (cuts >= MaxCuts || ifRange is null)
                    {
                        throw new IOException($"The download of {path} was cut off after {have} bytes, {cuts + 1} times.");
                    }

                    continue; // resume from `have`
                }

                if (hash is not null && !hash.GetHashAndReset().AsSpan().SequenceEqual(expected))
                {
                    throw new InvalidDataException($"The downloaded content of {path} does not match the server's SHA-256.");
                }

                return new DownloadResult(have, etag?.ToString(), response.Content.Headers.ContentType?.MediaType, resumed.Value);
            }
        }
        finally
        {
            hash?.Dispose();
        }
    }

    /// <summary>
    /// Copies the body; <c>complete</c> is false when it ended early (an error while reading, or fewer bytes than its
    /// Content-Length). A failure to write the destination is the caller's and is thrown as it is.
    /// </summary>
    private static async Task<(long Copied, bool Complete)> CopyAsync(
        HttpResponseMessage response, Stream destination, IncrementalHash? hash, IProgress<long>? progress, long start,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long copied = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, cancellationToken);
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    return (copied, false);
                }

                if (read == 0)
                {
                    return (copied, response.Content.Headers.ContentLength is not { } length || copied == length);
                }

                hash?.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
                progress?.Report(start + copied);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static HttpRequestMessage CreateRequest(Uri uri, long offset, string? ifRange)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            if (ifRange is not null)
            {
                request.Headers.IfRange = new RangeConditionHeaderValue(EntityTagHeaderValue.Parse(ifRange));
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
