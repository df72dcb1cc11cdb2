using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Users;

namespace Depot.System.Tests;

/// <summary>
/// The few Files API calls the system tests need, written against docs/api.md with a plain HttpClient (the
/// point is the server's behaviour, so no client-library logic such as retries sits in between).
/// </summary>
internal static class FilesApi
{
    /// <summary><c>/api/v1/{resource}/a/b%20c.txt</c>: every segment escaped separately; "/" is the bare prefix.</summary>
    public static string Route(string resource, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString);
        var tail = string.Join('/', segments);
        return tail.Length == 0 ? $"/api/v1/{resource}" : $"/api/v1/{resource}/{tail}";
    }

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient http, string path, HttpContent content,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Route("files", path) + "?parents=true") { Content = content };
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static ByteArrayContent Bytes(byte[] bytes, string? sha256Hex = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (sha256Hex is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Digest", DigestHeader(sha256Hex));
        }

        return content;
    }

    /// <summary>RFC 9530 form: <c>sha-256=:base64:</c>.</summary>
    public static string DigestHeader(string sha256Hex) => $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256Hex))}:";

    /// <summary>Downloads a file, hashing it as it streams.</summary>
    public static async Task<Download> DownloadAsync(this HttpClient http, string path, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(Route("files", path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new Download(response.StatusCode, null, 0, null, null, null);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            length += read;
        }

        return new Download(response.StatusCode, Convert.ToHexStringLower(hash.GetHashAndReset()), length,
            response.Content.Headers.ContentLength, response.Headers.ETag?.ToString(),
            response.Headers.TryGetValues("Repr-Digest", out var digest) ? string.Join(",", digest) : null);
    }

    /// <summary>Every node under <paramref name="folder"/>, depth first, following listing pages.</summary>
    public static async IAsyncEnumerable<NodeInfo> WalkAsync(this HttpClient http, string folder,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var url = Route("folders", folder) + "?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            var page = await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.FolderListing, cancellationToken);
            foreach (var node in page!.Items)
            {
                yield return node;
                if (node.Kind == NodeKinds.Folder)
                {
                    await foreach (var child in http.WalkAsync(node.Path, cancellationToken))
                    {
                        yield return child;
                    }
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    public static async Task<IReadOnlyList<VersionInfo>> VersionsAsync(this HttpClient http, string path, CancellationToken cancellationToken = default)
    {
        var versions = await http.GetFromJsonAsync(Route("versions", path), DepotJsonContext.Default.IReadOnlyListVersionInfo, cancellationToken);
        return versions!;
    }

    public static async Task<UserInfo> MeAsync(this HttpClient http, CancellationToken cancellationToken = default) =>
        (await http.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo, cancellationToken))!;
}
