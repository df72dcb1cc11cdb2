using System.Net;
using System.Net.Sockets;
using System.Text;
using Depot.Server.Tests.Files;
using Depot.Testing;

namespace Depot.Server.Tests.Tus;

/// <summary>One writer at a time, offsets that cover only durable bytes, and quota reserved while uploads live.</summary>
public sealed class TusDurabilityTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_second_patch_while_one_is_writing_is_refused_with_423_and_nothing_interleaves()
    {
        using var alice = await server.CreateUserAsync();
        var data = Tus.Random(200_000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/locked.bin", data.Length);

        // The first writer sends half its chunk and holds the request open.
        using var first = await OpenPatchAsync(alice.Token, url, 0, data.Length);
        await first.GetStream().WriteAsync(data.AsMemory(0, 100_000));
        await Task.Delay(300);

        using (var second = await Tus.PatchAsync(alice.Http, url, 0, data))
        {
            Assert.Equal(HttpStatusCode.Locked, second.StatusCode);
            Assert.Equal("1.0.0", Tus.Header(second, "Tus-Resumable"));
        }

        using (var terminate = await Tus.DeleteAsync(alice.Http, url))
        {
            Assert.Equal(HttpStatusCode.Locked, terminate.StatusCode);
        }

        await first.GetStream().WriteAsync(data.AsMemory(100_000));
        var answer = await RawHttp.ReadToEndAsync(first.GetStream(), new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(204, RawHttp.StatusOf(answer));
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/locked.bin"));
    }

    [Fact]
    public async Task A_dropped_connection_keeps_the_bytes_that_arrived_and_the_upload_resumes_exactly()
    {
        using var alice = await server.CreateUserAsync();
        var data = Tus.Random(1_000_000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/dropped.bin", data.Length);

        using (var client = await OpenPatchAsync(alice.Token, url, 0, data.Length))
        {
            await client.GetStream().WriteAsync(data.AsMemory(0, 400_000));
            await client.GetStream().FlushAsync();
            await Task.Delay(300);
            client.Client.LingerState = new LingerOption(true, 0);   // RST, like a client that lost its network
        }

        long offset = 0;
        await Tus.WaitUntilAsync(async () =>
        {
            using var head = await Tus.HeadAsync(alice.Http, url);
            offset = Tus.Offset(head)!.Value;
            return offset > 0;
        }, "the received bytes recorded");
        Assert.InRange(offset, 1, 400_000);
        Assert.True(await Tus.HasPartialAsync(server.Services, url));
        if (!TestStorage.UseS3)
        {
            Assert.True(new FileInfo(Path.Combine(server.DataPath, "uploads", url.Split('/')[^1])).Length >= offset);
        }

        // The lock frees as the broken request ends; a retry may briefly see 423.
        HttpResponseMessage resumed;
        do
        {
            resumed = await Tus.PatchAsync(alice.Http, url, offset, data[(int)offset..]);
        }
        while (resumed.StatusCode == HttpStatusCode.Locked);

        Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/dropped.bin"));
    }

    [Fact]
    public async Task A_chunk_with_a_checksum_cut_off_part_way_is_discarded_whole()
    {
        using var alice = await server.CreateUserAsync();
        var data = Tus.Random(100_000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/cut.bin", data.Length);
        using (var client = await OpenPatchAsync(alice.Token, url, 0, data.Length, $"Upload-Checksum: {Tus.Sha256(data)}\r\n"))
        {
            await client.GetStream().WriteAsync(data.AsMemory(0, 50_000));
            await Task.Delay(300);
            client.Client.LingerState = new LingerOption(true, 0);
        }

        await Tus.WaitUntilAsync(async () => (await Tus.PatchAsync(alice.Http, url, 0, [])).StatusCode == HttpStatusCode.NoContent,
            "the lock of the broken request released");
        Assert.Equal(0, Tus.Offset(await Tus.HeadAsync(alice.Http, url)));
    }

    [Fact]
    public async Task Quota_is_reserved_at_creation_counts_for_every_write_and_is_released_by_termination()
    {
        using var alice = await server.CreateUserAsync(quotaBytes: 1000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/reserved.bin", 800);

        Assert.Equal(HttpStatusCode.InsufficientStorage, (await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/other.bin")), 300)).StatusCode);
        Assert.Equal(HttpStatusCode.InsufficientStorage,
            (await alice.Http.PutAsync("/api/v1/files/put.bin", new ByteArrayContent(new byte[300]))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PutAsync("/api/v1/files/small.bin", new ByteArrayContent(new byte[200]))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Tus.DeleteAsync(alice.Http, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PutAsync("/api/v1/files/put.bin", new ByteArrayContent(new byte[300]))).StatusCode);
    }

    [Fact]
    public async Task A_deferred_length_reserves_the_remaining_quota_until_the_length_is_known()
    {
        using var alice = await server.CreateUserAsync(quotaBytes: 1000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/stream.bin", null);
        Assert.Equal(HttpStatusCode.InsufficientStorage,
            (await alice.Http.PutAsync("/api/v1/files/put.bin", new ByteArrayContent(new byte[10]))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Tus.PatchAsync(alice.Http, url, 0, new byte[100], uploadLength: 400)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PutAsync("/api/v1/files/put.bin", new ByteArrayContent(new byte[600]))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Tus.PatchAsync(alice.Http, url, 100, new byte[300])).StatusCode);
        Assert.Equal(HttpStatusCode.InsufficientStorage,
            (await alice.Http.PutAsync("/api/v1/files/more.bin", new ByteArrayContent(new byte[1]))).StatusCode);
    }

    /// <summary>A PATCH whose head is sent and whose body the test writes itself.</summary>
    private async Task<TcpClient> OpenPatchAsync(string token, string url, long offset, long length, string extraHeaders = "")
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.Address.Host, server.Address.Port);
        var head = $"PATCH {url} HTTP/1.1\r\nHost: {server.Address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n" +
            $"Content-Length: {length}\r\nConnection: close\r\n{extraHeaders}\r\n";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        return client;
    }
}
