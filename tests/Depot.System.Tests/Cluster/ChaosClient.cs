using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Depot.Client;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// One client of the kill -9 test, talking to the cluster only through HAProxy: REST uploads and downloads and
/// listings with <see cref="DepotClient"/> (its documented retries), tus uploads of a few MiB that resume after a
/// failure, WebDAV PUT/PROPFIND/MOVE retried as rclone would (<see cref="DavRetry"/>), and public-link downloads.
/// It writes only in its own folder, so each path has one writer and the last acknowledged content is what every
/// later read must see. A failure is an operation that still failed after those retries, or a read that did not
/// see an acknowledged write.
/// </summary>
internal sealed class ChaosClient(int id, DepotClient api, HttpClient dav, HttpClient anonymous, ChaosClient.Link link, Stopwatch clock)
{
    private const int SmallMax = 64 * 1024;
    private const int LargeBytes = 3 * 1024 * 1024;
    private static readonly XNamespace D = "DAV:";

    private readonly Random _random = new(id);
    private readonly Dictionary<string, string> _rest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dav = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>A read-only link to a folder of files written before the load, with their hashes by name.</summary>
    public sealed record Link(string Token, IReadOnlyDictionary<string, string> Files);

    public string RestFolder => $"/chaos/c{id}/rest";

    public string DavFolder => $"/chaos/c{id}/dav";

    public ConcurrentQueue<string> Failures { get; } = new();

    public ConcurrentDictionary<string, int> Operations { get; } = new(StringComparer.Ordinal);

    public int Retries;

    /// <summary>Every acknowledged write's path and SHA-256, as the client last wrote it.</summary>
    public IEnumerable<KeyValuePair<string, string>> Acknowledged => _rest.Concat(_dav);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var roll = _random.Next(100);
            var operation = roll switch
            {
                < 30 => "rest put",
                < 38 => "tus put",
                < 50 => "dav put",
                < 58 => "dav propfind",
                < 63 => "dav move",
                < 83 => "rest get",
                < 91 => "rest list",
                _ => "link get",
            };
            Operations.AddOrUpdate(operation, 1, (_, n) => n + 1);
            try
            {
                await (operation switch
                {
                    "rest put" => RestPutAsync(SmallMax),
                    "tus put" => RestPutAsync(LargeBytes),
                    "dav put" => DavPutAsync(),
                    "dav propfind" => DavPropfindAsync(),
                    "dav move" => DavMoveAsync(),
                    "rest get" => RestGetAsync(),
                    "rest list" => RestListAsync(),
                    _ => LinkGetAsync(),
                });
            }
            catch (Exception e) when (e is DepotApiException or HttpRequestException or IOException or TaskCanceledException)
            {
                Fail($"{operation}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private async Task RestPutAsync(int size)
    {
        // New files mostly; sometimes a new version of one already written.
        var path = _rest.Count > 0 && _random.Next(4) == 0 ? _rest.Keys.ElementAt(_random.Next(_rest.Count)) : $"{RestFolder}/{_next++}.bin";
        var content = Content(size == LargeBytes ? size : _random.Next(1, size));
        using var stream = new MemoryStream(content);
        if (size == LargeBytes)
        {
            await api.Files.UploadResumableAsync(path, stream, resume: new ResumeOptions { ChunkBytes = 1024 * 1024 });
        }
        else
        {
            await api.Files.UploadAsync(path, stream);
        }

        _rest[path] = Sha(content);
    }

    private async Task RestGetAsync()
    {
        if (_rest.Count == 0)
        {
            return;
        }

        var (path, expected) = _rest.ElementAt(_random.Next(_rest.Count));
        using var destination = new MemoryStream();
        await api.Files.DownloadAsync(path, destination);
        if (Sha(destination.ToArray()) != expected)
        {
            Fail($"rest get {path}: content differs from the acknowledged write");
        }
    }

    private async Task RestListAsync()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in api.Files.ListAsync(RestFolder))
        {
            names.Add(item.Name);
        }

        foreach (var path in _rest.Keys.Where(p => !names.Contains(p[(RestFolder.Length + 1)..])))
        {
            Fail($"rest list {RestFolder}: acknowledged {path} is missing");
        }
    }

    private async Task DavPutAsync()
    {
        var path = $"{DavFolder}/{_next++}.dat";
        var content = Content(_random.Next(1, SmallMax));
        using var response = await DavRetry.SendAsync(dav, () => new HttpRequestMessage(HttpMethod.Put, Dav(path)) { Content = new ByteArrayContent(content) }, Retried);
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent)
        {
            _dav[path] = Sha(content);
        }
        else
        {
            Fail($"dav put {path}: {(int)response.StatusCode}");
        }
    }

    private async Task DavPropfindAsync()
    {
        using var response = await DavRetry.SendAsync(dav, () =>
        {
            var request = new HttpRequestMessage(new HttpMethod("PROPFIND"), Dav(DavFolder) + "/");
            request.Headers.Add("Depth", "1");
            return request;
        }, Retried);
        if (response.StatusCode != HttpStatusCode.MultiStatus)
        {
            Fail($"dav propfind {DavFolder}: {(int)response.StatusCode}");
            return;
        }

        var listed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(D + "href")
            .Select(href => Uri.UnescapeDataString(href.Value.TrimEnd('/'))).ToHashSet(StringComparer.Ordinal);
        foreach (var path in _dav.Keys.Where(p => !listed.Contains("/dav" + p)))
        {
            Fail($"dav propfind {DavFolder}: acknowledged {path} is missing");
        }
    }

    private async Task DavMoveAsync()
    {
        if (_dav.Count == 0)
        {
            return;
        }

        var (from, sha) = _dav.ElementAt(_random.Next(_dav.Count));
        var to = $"{DavFolder}/{_next++}.moved";
        var attempts = 0;
        using var response = await DavRetry.SendAsync(dav, () =>
        {
            attempts++;
            var request = new HttpRequestMessage(new HttpMethod("MOVE"), Dav(from));
            request.Headers.Add("Destination", new Uri(dav.BaseAddress!, Dav(to)).AbsoluteUri);
            request.Headers.Add("Overwrite", "F");
            return request;
        }, Retried);

        // A MOVE repeated after its first attempt went through answers 404: the source is already gone. A careful
        // client then looks for the destination, and so does this one.
        var moved = response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent
            || (attempts > 1 && response.StatusCode == HttpStatusCode.NotFound && await DavShaAsync(to) == sha);
        if (!moved)
        {
            Fail($"dav move {from} → {to}: {(int)response.StatusCode} after {attempts} attempts");
            return;
        }

        _dav.Remove(from);
        _dav[to] = sha;
    }

    private async Task<string?> DavShaAsync(string path)
    {
        using var response = await DavRetry.SendAsync(dav, () => new HttpRequestMessage(HttpMethod.Get, Dav(path)), Retried);
        return response.IsSuccessStatusCode ? Sha(await response.Content.ReadAsByteArrayAsync()) : null;
    }

    private async Task LinkGetAsync()
    {
        var (name, expected) = link.Files.ElementAt(_random.Next(link.Files.Count));
        using var response = await DavRetry.SendAsync(anonymous,
            () => new HttpRequestMessage(HttpMethod.Get, $"s/{link.Token}/{Uri.EscapeDataString(name)}?download"), Retried);
        if (response.StatusCode != HttpStatusCode.OK || Sha(await response.Content.ReadAsByteArrayAsync()) != expected)
        {
            Fail($"link get {name}: {(int)response.StatusCode} or content differs");
        }
    }

    private byte[] Content(int size)
    {
        var content = new byte[size];
        _random.NextBytes(content);
        return content;
    }

    private static Uri Dav(string path) => new("dav" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString)), UriKind.Relative);

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private void Retried(string why) => Interlocked.Increment(ref Retries);

    private void Fail(string message) => Failures.Enqueue($"{clock.Elapsed.TotalSeconds:0.000}s c{id} {message}");
}
