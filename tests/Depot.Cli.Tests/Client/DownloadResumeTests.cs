using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Depot.Client;
using Depot.Testing;
using Depot.Testing.Faults;

namespace Depot.Cli.Tests.Client;

/// <summary>
/// A download whose body is cut off mid-way (a node killed behind the load balancer, a dropped connection) resumes
/// where it stopped with Range and If-Range, so the caller gets the whole file, checked against its digest; a file
/// that changed meanwhile arrives whole instead of as a splice of two contents.
/// </summary>
public sealed class DownloadResumeTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_body_reset_twice_mid_way_through_a_proxy_is_resumed_and_arrives_whole()
    {
        var user = await server.CreateUserAsync();
        var content = RandomNumberGenerator.GetBytes(3 << 20);
        using (var direct = server.CreateHttpClient())
        {
            await new DepotClient(direct) { AccessToken = user.Token }.Files.UploadAsync("/big.bin", new MemoryStream(content));
        }

        await using var proxy = new FaultProxy(server.Address);
        using var http = new HttpClient { BaseAddress = proxy.Address };
        var client = new DepotClient(http) { AccessToken = user.Token };
        proxy.ResetResponses(afterBytes: 1 << 20, times: 2);

        using var destination = new MemoryStream();
        var result = await client.Files.DownloadAsync("/big.bin", destination);

        Assert.Equal(2, proxy.Resets);
        Assert.Equal(content.Length, result.Length);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(destination.ToArray()));
    }

    [Fact]
    public async Task The_rest_is_asked_for_with_if_range_and_a_file_changed_meanwhile_arrives_whole()
    {
        var requests = new List<HttpRequestMessage>();
        var handler = new ScriptedHandler(
            r => { requests.Add(r); return Whole("hello world"u8.ToArray(), "\"v1\"", cutAfter: 5); },
            r => { requests.Add(r); return Whole("changed!"u8.ToArray(), "\"v2\"", cutAfter: null); });
        var client = new DepotClient(new HttpClient(handler) { BaseAddress = new Uri("http://depot.test/") });

        using var destination = new MemoryStream();
        var result = await client.Files.DownloadAsync("/a.txt", destination);

        Assert.Equal(new RangeItemHeaderValue(5, null), Assert.Single(requests[1].Headers.Range!.Ranges));
        Assert.Equal("\"v1\"", requests[1].Headers.IfRange!.EntityTag!.ToString());
        Assert.Equal("changed!"u8.ToArray(), destination.ToArray());
        Assert.Equal(("\"v2\"", 8L), (result.ETag, result.Length));
    }

    private static HttpResponseMessage Whole(byte[] content, string etag, int? cutAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new CutStream(content, cutAfter ?? content.Length, cut: cutAfter is not null)),
        };
        response.Content.Headers.ContentLength = content.Length;
        response.Headers.ETag = EntityTagHeaderValue.Parse(etag);
        response.Headers.TryAddWithoutValidation("Repr-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData(content))}:");
        return response;
    }

    /// <summary>The first <paramref name="until"/> bytes of <paramref name="content"/>, then a reset (or the end).</summary>
    private sealed class CutStream(byte[] content, int until, bool cut) : MemoryStream(content, 0, until, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read == 0 && cut ? throw new IOException("Connection reset by peer") : read;
        }
    }
}
