using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// Two server processes on one PostgreSQL database, writing the same user's tree at once over HTTP: the rules decided
/// by reading stay exact across processes (issue 10's write contract), and every lost race answers its documented
/// status, never a 500. Each node keeps its own data folder (shared blobs come with S3), so the races are about
/// metadata: names, quota, If-Match.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class TwoNodeWriteTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DepotProcess _a = null!;
    private DepotProcess _b = null!;
    private DirectoryInfo _key = null!;

    public async Task InitializeAsync()
    {
        // One database for both nodes: TestMetadata makes one per key folder, and both pass the same key.
        _key = Directory.CreateTempSubdirectory("depot-two-nodes-");
        var shared = TestMetadata.PostgresArguments(_key.FullName);
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
}
