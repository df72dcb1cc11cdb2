using System.Net;

namespace Depot.Bench;

/// <summary>
/// A server under test spoken to over HTTP (nginx, Depot): how to PUT, GET and PROPFIND a path there. Paths are
/// relative ("bench/small/f00001.bin"); each target maps them onto its own URL scheme.
/// </summary>
internal abstract class HttpTarget(string name, HttpClient http) : Target(name)
{
    // A server that sheds load (429/503) is retried after Retry-After and the retries are
    // reported, so throttling shows up in the results instead of failing the run.
    private const int MaxAttempts = 20;
    private int _retries;

    public HttpClient Http => http;

    public override int Retries => Volatile.Read(ref _retries);

    public abstract HttpRequestMessage Put(string path, HttpContent content);

    public abstract HttpRequestMessage Get(string path);

    /// <summary>A WebDAV PUT (nginx's PUT is WebDAV already; Depot's is under <c>/dav/</c> with HTTP Basic).</summary>
    public virtual HttpRequestMessage DavPut(string path, HttpContent content) => Put(path, content);

    /// <summary>A WebDAV GET (nginx's GET is plain; Depot's is under <c>/dav/</c> with HTTP Basic).</summary>
    public virtual HttpRequestMessage DavGet(string path) => Get(path);

    /// <summary>PROPFIND Depth 1 of a folder (rclone's properties, or allprop); the multistatus is read as it streams in.</summary>
    public abstract HttpRequestMessage Propfind(string path, bool allprop);

    public override WrkRequest? WrkGet(string path)
    {
        using var request = DavGet(path);
        return new WrkRequest(new Uri(Http.BaseAddress!, request.RequestUri!), request.Headers.Authorization?.ToString());
    }

    public override async Task PutGeneratedAsync(string path, long size, ulong seed, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Put(path, new GeneratedContent(size, seed)), HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public override async Task PutSmallAsync(string path, byte[] buffer, int count, bool dav, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => dav ? DavPut(path, new ByteArrayContent(buffer, 0, count)) : Put(path, new ByteArrayContent(buffer, 0, count)),
            HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public override async Task<long> GetAsync(string path, byte[] buffer, bool dav, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => dav ? DavGet(path) : Get(path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await DrainAsync(body, buffer, cancellationToken);
    }

    public override async Task<int> CountPropfindAsync(string path, bool allprop, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Propfind(path, allprop), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await DavRequests.CountResponsesAsync(response, cancellationToken);
    }

    /// <summary>Sends a fresh request from <paramref name="create"/> until it is not throttled, then requires success.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await http.SendAsync(create(), completion, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var throttled = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
            if (!throttled || attempt == MaxAttempts)
            {
                var body = await ReadErrorAsync(response, cancellationToken);
                response.Dispose();
                throw new HttpRequestException(
                    $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode} {body}",
                    null, response.StatusCode);
            }

            var delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100);
            response.Dispose();
            Interlocked.Increment(ref _retries);
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Error bodies are small problem documents or nginx pages; keep the first line's worth.
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
