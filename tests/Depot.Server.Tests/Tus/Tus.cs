using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Depot.Core.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Tus;

/// <summary>Raw tus requests over HttpClient: every header spelled out, so the tests say exactly what goes on the wire.</summary>
internal static class Tus
{
    public const string Version = "1.0.0";

    public static string Metadata(params (string Key, string Value)[] pairs) =>
        string.Join(',', pairs.Select(p => $"{p.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value))}"));

    public static async Task<HttpResponseMessage> CreateAsync(HttpClient http, string? metadata, long? length, byte[]? body = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads");
        request.Headers.Add("Tus-Resumable", Version);
        if (length is { } value)
        {
            request.Headers.Add("Upload-Length", value.ToString());
        }
        else
        {
            request.Headers.Add("Upload-Defer-Length", "1");
        }

        if (metadata is not null)
        {
            request.Headers.Add("Upload-Metadata", metadata);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        }

        configure?.Invoke(request);
        return await http.SendAsync(request);
    }

    public static async Task<string> CreatedUrlAsync(HttpClient http, string path, long? length)
    {
        using var response = await CreateAsync(http, Metadata(("path", path)), length);
        Assert.Equal(201, (int)response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient http, string url, long offset, byte[] chunk,
        string? checksum = null, string contentType = "application/offset+octet-stream", long? uploadLength = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new ByteArrayContent(chunk) };
        request.Headers.Add("Tus-Resumable", Version);
        request.Headers.Add("Upload-Offset", offset.ToString());
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (checksum is not null)
        {
            request.Headers.Add("Upload-Checksum", checksum);
        }

        if (uploadLength is { } length)
        {
            request.Headers.Add("Upload-Length", length.ToString());
        }

        return await http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> HeadAsync(HttpClient http, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, url);
        request.Headers.Add("Tus-Resumable", Version);
        return await http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> DeleteAsync(HttpClient http, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.Add("Tus-Resumable", Version);
        return await http.SendAsync(request);
    }

    public static long? Offset(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Upload-Offset", out var values) ? long.Parse(values.Single()) : null;

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : null;

#pragma warning disable CA5350 // tus requires sha1 for checksums; it guards against corruption here, not attackers
    /// <summary>Whether the server's partial store (a file or, on S3, a multipart upload and staging objects) holds data of the upload.</summary>
    public static async Task<bool> HasPartialAsync(IServiceProvider services, string url)
    {
        var id = url.Split('/')[^1];
        await foreach (var listing in services.GetRequiredService<IPartialStore>().ListAsync(CancellationToken.None))
        {
            if (listing.Id == id)
            {
                return true;
            }
        }

        return false;
    }

    public static string Sha1(byte[] data) => "sha1 " + Convert.ToBase64String(SHA1.HashData(data));
#pragma warning restore CA5350

    public static string Sha256(byte[] data) => "sha256 " + Convert.ToBase64String(SHA256.HashData(data));

    public static byte[] Random(int size)
    {
        var data = new byte[size];
        System.Random.Shared.NextBytes(data);
        return data;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within 15 s");
            await Task.Delay(50);
        }
    }
}
