using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Client.Http;

/// <summary>
/// Uploads a seekable stream with tus 1.0.0 (<c>/api/v1/uploads</c>, docs/tus.md): create (or resume a given upload
/// URL after a HEAD), then PATCH chunks that each carry their SHA-256 in <c>Upload-Checksum</c>. A failed chunk
/// (network, 409, 423, 460, 5xx) is followed by a HEAD and resent from the offset the server holds, with backoff.
/// </summary>
internal static class TusUploader
{
    private const string Route = "api/v1/uploads";
    private const string Version = "1.0.0";

    // Failures in a row without progress before giving up; progress resets the count, so a long upload survives blips.
    // With waits of 0.25, 0.5, 1, 2 and then 4 s, twelve cover about 32 s: longer than the server's upload lease
    // (Depot:Uploads:LockLease, 15 s), which a node killed while writing this upload holds until it runs out.
    private const int MaxFailuresInRow = 12;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(4);

    public static async Task<NodeInfo> UploadAsync(
        ApiConnection api, string path, Stream content, UploadOptions options, ResumeOptions resume, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var target = DepotPath.Normalize(path);
        var start = content.Position;
        var length = content.Length - start;
        var (url, offset) = resume.UploadUrl is { } earlier ? await ProbeAsync(api, earlier, length, cancellationToken) : (null, 0);
        if (url is null)
        {
            url = await CreateAsync(api, target, length, options, cancellationToken);
            resume.Created?.Invoke(url);
        }

        var failures = 0;
        Exception? failed = null;
        while (failed is not null || offset < length)
        {
            try
            {
                if (failed is null)
                {
                    var size = (int)Math.Min(resume.ChunkBytes, length - offset);
                    offset = await SendChunkAsync(api, url, content, start, offset, size, progress, cancellationToken);
                    failures = 0;
                    resume.ChunkDone?.Invoke(offset);
                    continue;
                }

                // After a failure the server's offset is the truth: the chunk may have arrived whole, in part or not at
                // all. A full offset from HEAD means the file is committed (the server answers 423 until it is).
                (var current, offset) = await ProbeAsync(api, url, length, cancellationToken);
                if (current is null)
                {
                    ExceptionDispatchInfo.Throw(failed);
                }

                failed = null;
            }
            catch (Exception e) when (e != failed && !cancellationToken.IsCancellationRequested && IsRetryable(e) && ++failures < MaxFailuresInRow)
            {
                failed = e;
                await api.DelayAsync(Backoff(failures), cancellationToken);
            }
        }

        progress?.Report(length);
        return await api.GetAsync(Routes.Under(Routes.Nodes, target), DepotJsonContext.Default.NodeInfo, cancellationToken);
    }

    /// <summary>The server's offset for an upload, or no URL when it is gone (404/410) or is for another length.</summary>
    private static async Task<(Uri? Url, long Offset)> ProbeAsync(ApiConnection api, Uri url, long length, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await api.SendAsync(_ => Tus(HttpMethod.Head, url), RequestKind.Idempotent,
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var offset = Number(response, "Upload-Offset");
            var declared = Number(response, "Upload-Length");
            return offset is { } at && declared == length ? (url, at) : (null, 0);
        }
        catch (DepotApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return (null, 0);
        }
    }

    private static async Task<Uri> CreateAsync(ApiConnection api, string path, long length, UploadOptions options, CancellationToken cancellationToken)
    {
        var metadata = new List<(string, string)> { ("path", path), ("contentType", options.ContentType) };
        if (options.Sha256 is { } sha256)
        {
            metadata.Add(("sha256", Convert.ToHexStringLower(sha256)));
        }

        if (options.IfMatch is { } ifMatch)
        {
            metadata.Add(("ifMatch", ifMatch));
        }

        if (options.IfNoneMatch is { } ifNoneMatch)
        {
            metadata.Add(("ifNoneMatch", ifNoneMatch));
        }

        if (options.CreateParents)
        {
            metadata.Add(("parents", "true"));
        }

        // A POST would create a new upload (and reserve quota for it) each time; with one Idempotency-Key for all attempts
        // the server answers a repeat with the upload the first attempt made, so it is retried like a GET.
        var key = $"\"{Guid.NewGuid():N}\"";
        using var response = await api.SendAsync(_ =>
        {
            var request = Tus(HttpMethod.Post, api.Resolve(Route));
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            request.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("Upload-Metadata", string.Join(',', metadata.Select(m => m.Item1 + " " + Convert.ToBase64String(Encoding.UTF8.GetBytes(m.Item2)))));
            if (options.MtimeValue is { } mtime)
            {
                request.Headers.TryAddWithoutValidation(UploadOptions.MtimeHeader, mtime);
            }

            return request;
        }, RequestKind.Idempotent, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return new Uri(api.Resolve(Route), response.Headers.Location ?? throw new InvalidDataException("The server created an upload without a Location."));
    }

    private static async Task<long> SendChunkAsync(
        ApiConnection api, Uri url, Stream content, long start, long offset, int size, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Hash the chunk first (a second read, usually from the page cache) so the server can refuse a damaged one.
        content.Position = start + offset;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await StreamCopier.CopyAsync(content, Stream.Null, size, null, 0, hash, cancellationToken);
        var checksum = "sha256 " + Convert.ToBase64String(hash.GetHashAndReset());

        using var response = await api.SendAsync(_ =>
        {
            var request = Tus(HttpMethod.Patch, url);
            request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("Upload-Checksum", checksum);
            request.Content = new ChunkContent(content, start + offset, size, progress, offset);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
            return request;
        }, RequestKind.NotIdempotent, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return Number(response, "Upload-Offset") ?? throw new InvalidDataException("The server answered a PATCH without Upload-Offset.");
    }

    private static TimeSpan Backoff(int failures)
    {
        var wait = TimeSpan.FromMilliseconds(250 * Math.Pow(2, failures - 1));
        return wait < MaxBackoff ? wait : MaxBackoff;
    }

    private static bool IsRetryable(Exception exception) => exception switch
    {
        DepotApiException api => api.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Locked or (HttpStatusCode)460
            || (int)api.StatusCode >= 500 || api.StatusCode == HttpStatusCode.TooManyRequests,
        HttpRequestException or IOException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static HttpRequestMessage Tus(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", Version);
        return request;
    }

    private static long? Number(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
