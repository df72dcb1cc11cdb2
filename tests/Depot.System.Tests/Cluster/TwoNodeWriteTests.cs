using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Depot.Protocol;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// Two server processes on one PostgreSQL database and one S3 bucket (Ceph RGW), the shape of a cluster: writing the
/// same user's tree at once over HTTP, the rules decided by reading stay exact across processes (issue 10's write
/// contract) and every lost race answers its documented status, never a 500; what one node stores, the other serves,
/// and a resumable upload begun on one node is finished on the other.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class TwoNodeWriteTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DepotProcess _a = null!;
    private DepotProcess _b = null!;
    private DirectoryInfo _key = null!;

    public async Task InitializeAsync()
    {
        // One database and one bucket for both nodes: TestMetadata and TestStorage make one per key folder, and both pass the same key.
        _key = Directory.CreateTempSubdirectory("depot-two-nodes-");
        string[] shared = [.. TestMetadata.PostgresArguments(_key.FullName), .. TestStorage.S3Arguments(_key.FullName)];
        _a = new DepotProcess(output, extraArguments: shared);
        _b = new DepotProcess(output, extraArguments: shared);
        await _a.StartAsync();
        await _b.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _key.Delete(recursive: true);
    }

    [Fact]
    public async Task Folders_of_one_name_made_on_both_nodes_at_once_exist_once()
    {
        using var alice = await _a.CreateUserAsync();
        using var onB = _b.CreateHttpClient(alice.Token);
        var clients = new[] { alice.Http, onB };

        var attempts = Enumerable.Range(0, 20).SelectMany(i => clients.Select(http => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(new HttpMethod("MKCOL"), $"/dav/race-{i}/");
            using var response = await http.SendAsync(request);
            return (Name: i, response.StatusCode);
        })));
        var results = await Task.WhenAll(attempts);

        foreach (var name in results.GroupBy(r => r.Name))
        {
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.MethodNotAllowed], name.Select(r => r.StatusCode).Order());
        }
    }

    [Fact]
    public async Task Uploads_on_both_nodes_at_the_quota_edge_never_pass_it()
    {
        const int size = 4096;
        using var alice = await _a.CreateUserAsync(quotaBytes: 10 * size + size / 2);
        using var onB = _b.CreateHttpClient(alice.Token);

        var uploads = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            using var response = await (i % 2 == 0 ? alice.Http : onB).UploadAsync($"/edge/{i}.bin", FilesApi.Bytes(new byte[size]));
            return response.StatusCode;
        }));
        var statuses = await Task.WhenAll(uploads);

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.InsufficientStorage));
        var me = await onB.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo);
        Assert.Equal(10 * size, me!.UsedBytes);
    }

    [Fact]
    public async Task Overwrites_on_both_nodes_with_one_if_match_have_one_winner()
    {
        using var alice = await _a.CreateUserAsync();
        using var onB = _b.CreateHttpClient(alice.Token);
        for (var round = 0; round < 10; round++)
        {
            var path = $"/doc-{round}.txt";
            using var created = await alice.Http.UploadAsync(path, FilesApi.Bytes([0]));
            var etag = created.Headers.ETag!;

            var writes = new[] { alice.Http, onB, alice.Http, onB }.Select((http, i) => Task.Run(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, FilesApi.Route("files", path)) { Content = FilesApi.Bytes([(byte)(i + 1)]) };
                request.Headers.IfMatch.Add(etag);
                using var response = await http.SendAsync(request);
                return response.StatusCode;
            }));
            var statuses = await Task.WhenAll(writes);

            Assert.Single(statuses, s => s == HttpStatusCode.OK);
            Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        }
    }

    [Fact]
    public async Task What_one_node_stores_the_other_serves_whole_ranged_and_overwritten()
    {
        using var alice = await _a.CreateUserAsync();
        using var onB = _b.CreateHttpClient(alice.Token);
        // 20 MiB: a multipart upload of three parts, read back through the other node's own S3 client.
        var content = RandomBytes(20 * 1024 * 1024);
        using (var put = await alice.Http.UploadAsync("/shared/big.bin", FilesApi.Bytes(content)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var download = await onB.DownloadAsync("/shared/big.bin");
        Assert.Equal((HttpStatusCode.OK, Sha256(content)), (download.Status, download.Sha256));
        using (var range = new HttpRequestMessage(HttpMethod.Get, FilesApi.Route("files", "/shared/big.bin")) { Headers = { Range = new(9_000_000, 9_000_099) } })
        using (var partial = await onB.SendAsync(range))
        {
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(content.AsSpan(9_000_000, 100).ToArray(), await partial.Content.ReadAsByteArrayAsync());
        }

        var replacement = RandomBytes(5000);
        using (var overwrite = await onB.UploadAsync("/shared/big.bin", FilesApi.Bytes(replacement)))
        {
            Assert.Equal(HttpStatusCode.OK, overwrite.StatusCode);
        }

        Assert.Equal(Sha256(replacement), (await alice.Http.DownloadAsync("/shared/big.bin")).Sha256);
        var versions = await alice.Http.VersionsAsync("/shared/big.bin");
        Assert.Equal(2, versions.Count);
    }

    [Fact]
    public async Task A_resumable_upload_begun_on_one_node_is_finished_on_the_other()
    {
        using var alice = await _a.CreateUserAsync();
        using var onB = _b.CreateHttpClient(alice.Token);
        // 11 MiB sent as 3 MiB on node A, then the rest on node B: parts below S3's minimum are staged, so both the
        // staging and the multipart upload cross from one node to the other.
        var content = RandomBytes(11 * 1024 * 1024);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Tus-Resumable", "1.0.0");
        create.Headers.Add("Upload-Length", content.Length.ToString(CultureInfo.InvariantCulture));
        create.Headers.Add("Upload-Metadata", "path " + Convert.ToBase64String("/moved.bin"u8.ToArray()));
        using var created = await alice.Http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.NoContent, await PatchAsync(alice.Http, url, content, 0, 3 * 1024 * 1024));
        using (var head = new HttpRequestMessage(HttpMethod.Head, url) { Headers = { { "Tus-Resumable", "1.0.0" } } })
        using (var offset = await onB.SendAsync(head))
        {
            Assert.Equal(HttpStatusCode.OK, offset.StatusCode);
            Assert.Equal((3 * 1024 * 1024).ToString(CultureInfo.InvariantCulture), offset.Headers.GetValues("Upload-Offset").Single());
        }

        Assert.Equal(HttpStatusCode.NoContent, await PatchAsync(onB, url, content, 3 * 1024 * 1024, content.Length - (3 * 1024 * 1024)));
        Assert.Equal(Sha256(content), (await alice.Http.DownloadAsync("/moved.bin")).Sha256);
    }

    private static async Task<HttpStatusCode> PatchAsync(HttpClient http, string url, byte[] content, int offset, int count)
    {
        using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new ByteArrayContent(content, offset, count) };
        patch.Headers.Add("Tus-Resumable", "1.0.0");
        patch.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var response = await http.SendAsync(patch);
        return response.StatusCode;
    }

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
