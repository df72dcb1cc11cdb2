using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Depot.Protocol;
using Depot.Server.Tests.Dav;
using Depot.Server.Tests.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

public sealed class FilesApiTests(DepotServer server) : IClassFixture<DepotServer>
{
    private static ByteArrayContent Bytes(byte[] data) => new(data) { Headers = { ContentType = new("application/octet-stream") } };

    [Fact]
    public async Task Put_then_get_round_trips_a_multi_megabyte_file_byte_for_byte()
    {
        using var alice = await server.CreateUserAsync();
        var data = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 123);
        using var put = await alice.Http.PutAsync("/api/v1/files/My%20Docs/r%C3%A9sum%C3%A9.bin?parents=true", Bytes(data));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var info = (await put.Content.ReadFromJsonAsync(DepotJsonContext.Default.NodeInfo))!;
        var sha = Convert.ToHexStringLower(SHA256.HashData(data));
        Assert.Equal("/My Docs/résumé.bin", info.Path);
        Assert.Equal($"\"{sha}\"", put.Headers.ETag?.Tag);
        Assert.Equal(sha, info.Sha256);

        using var get = await alice.Http.GetAsync("/api/v1/files/My%20Docs/r%C3%A9sum%C3%A9.bin");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(data, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{sha}\"", get.Headers.ETag?.Tag);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(data))}:", get.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal("nosniff", get.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("bytes", get.Headers.AcceptRanges.Single());
        Assert.Equal("attachment", get.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("résumé.bin", get.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.NotNull(get.Content.Headers.LastModified);

        using var replace = await alice.Http.PutAsync("/api/v1/files/My%20Docs/r%C3%A9sum%C3%A9.bin", Bytes([1, 2, 3]));
        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);
    }

    [Fact]
    public async Task Large_downloads_arrive_whole_through_rest_webdav_and_links_and_ranges_of_them_exactly()
    {
        // Over 1 MiB a download's writes are grouped into larger sends (Api/LargeDownloadBody): the bytes must not change.
        using var alice = await server.CreateUserAsync();
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 7);
        using var put = await alice.Http.PutAsync("/api/v1/files/big/l.bin?parents=true", Bytes(data));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/big/l.bin"));
        using (var dav = DavSession.For(server, alice))
        {
            Assert.Equal(data, await dav.Http.GetByteArrayAsync("/dav/big/l.bin"));
        }

        var link = await alice.Http.LinkOkAsync("/big/l.bin");
        using (var anonymous = server.CreateHttpClient())
        {
            Assert.Equal(data, await anonymous.GetByteArrayAsync(link.Url));
        }

        using var range = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/big/l.bin") { Headers = { Range = new(1_000_000, 2_500_000) } };
        using var partial = await alice.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(data[1_000_000..2_500_001], await partial.Content.ReadAsByteArrayAsync());
        using var head = await alice.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/files/big/l.bin"));
        Assert.Equal(data.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("image/png")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task Put_accepts_any_media_type_and_keeps_it(string? mediaType)
    {
        using var alice = await server.CreateUserAsync();
        using var body = new ByteArrayContent("content"u8.ToArray());
        body.Headers.ContentType = mediaType is null ? null : MediaTypeHeaderValue.Parse(mediaType);
        using var put = await alice.Http.PutAsync("/api/v1/files/typed", body);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        using var get = await alice.Http.GetAsync("/api/v1/files/typed");
        Assert.Equal(mediaType ?? "application/octet-stream", get.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Head_answers_the_headers_without_a_body()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.PutAsync("/api/v1/files/a.txt", Bytes("hello"u8.ToArray()));
        using var head = await alice.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/files/a.txt"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(5, head.Content.Headers.ContentLength);
        Assert.NotNull(head.Headers.ETag);
        Assert.True(head.Headers.Contains("Repr-Digest"));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Ranges_if_range_and_conditional_gets_behave()
    {
        using var alice = await server.CreateUserAsync();
        var data = RandomNumberGenerator.GetBytes(10_000);
        using var put = await alice.Http.PutAsync("/api/v1/files/r.bin", Bytes(data));
        var etag = put.Headers.ETag!;

        using var partial = await Get(alice, r => r.Headers.Range = new RangeHeaderValue(100, 199));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(data[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(10_000, partial.Content.Headers.ContentRange?.Length);

        using var ifRangeFresh = await Get(alice, r => { r.Headers.Range = new RangeHeaderValue(0, 9); r.Headers.IfRange = new RangeConditionHeaderValue(etag); });
        Assert.Equal(HttpStatusCode.PartialContent, ifRangeFresh.StatusCode);

        using var ifRangeStale = await Get(alice, r => { r.Headers.Range = new RangeHeaderValue(0, 9); r.Headers.IfRange = new RangeConditionHeaderValue("\"stale\""); });
        Assert.Equal(HttpStatusCode.OK, ifRangeStale.StatusCode);
        Assert.Equal(data, await ifRangeStale.Content.ReadAsByteArrayAsync());

        using var unsatisfiable = await Get(alice, r => r.Headers.Range = new RangeHeaderValue(20_000, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        using var notModified = await Get(alice, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    private static Task<HttpResponseMessage> Get(TestUser user, Action<HttpRequestMessage> configure)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/r.bin");
        configure(request);
        return user.Http.SendAsync(request);
    }

    [Fact]
    public async Task Two_writers_with_the_same_if_match_one_gets_412_and_the_winner_is_intact()
    {
        using var alice = await server.CreateUserAsync();
        using var first = await alice.Http.PutAsync("/api/v1/files/shared.txt", Bytes("v1"u8.ToArray()));
        var etag = first.Headers.ETag!;
        var bodies = new[] { RandomNumberGenerator.GetBytes(300_000), RandomNumberGenerator.GetBytes(300_001) };
        var responses = await Task.WhenAll(bodies.Select(async body =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/files/shared.txt") { Content = Bytes(body) };
            request.Headers.IfMatch.Add(etag);
            return await alice.Http.SendAsync(request);
        }));

        var statuses = responses.Select(r => r.StatusCode).Order().ToArray();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses);
        var winner = bodies[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK)];
        Assert.Contains("precondition_failed", await responses.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed).Content.ReadAsStringAsync());
        Assert.Equal(winner, await alice.Http.GetByteArrayAsync("/api/v1/files/shared.txt"));
    }

    [Fact]
    public async Task Create_only_put_with_if_none_match_star_refuses_an_existing_file()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.PutAsync("/api/v1/files/once.txt", Bytes([1]));
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/files/once.txt") { Content = Bytes([2]) };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        using var response = await alice.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task Digest_mismatch_is_400_and_nothing_is_stored()
    {
        using var alice = await server.CreateUserAsync();
        var content = Bytes("actual"u8.ToArray());
        content.Headers.Add("Content-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData("expected"u8))}:");
        using var put = await alice.Http.PutAsync("/api/v1/files/d.txt", content);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("\"code\":\"digest_mismatch\"", await put.Content.ReadAsStringAsync());
        using var get = await alice.Http.GetAsync("/api/v1/files/d.txt");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        var good = Bytes("actual"u8.ToArray());
        good.Headers.Add("Repr-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData("actual"u8))}:");
        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PutAsync("/api/v1/files/d.txt", good)).StatusCode);
    }

    [Fact]
    public async Task Malformed_digest_is_400()
    {
        using var alice = await server.CreateUserAsync();
        var content = Bytes([1]);
        content.Headers.Add("Content-Digest", "sha-256=not-a-byte-sequence");
        using var put = await alice.Http.PutAsync("/api/v1/files/m.txt", content);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("\"code\":\"invalid_request\"", await put.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Declared_length_over_quota_is_507_and_no_100_continue_is_sent()
    {
        using var alice = await server.CreateUserAsync(quotaBytes: 1000);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = client.GetStream();
        var head = $"PUT /api/v1/files/big.bin HTTP/1.1\r\nHost: {server.Address.Authority}\r\nAuthorization: Bearer {alice.Token}\r\n" +
            "Content-Length: 100000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";   // over 64 KiB: smaller bodies are read, then refused
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = await RawHttp.ReadToEndAsync(stream, timeout.Token);   // no body sent: the server must answer without it
        Assert.StartsWith("HTTP/1.1 507", answer);
        Assert.DoesNotContain("100 Continue", answer);
        Assert.Contains("quota_exceeded", answer);
    }

    [Fact]
    public async Task Chunked_upload_over_quota_is_507_and_stores_nothing()
    {
        using var alice = await server.CreateUserAsync(quotaBytes: 100_000);
        var content = new StreamContent(new MemoryStream(RandomNumberGenerator.GetBytes(150_000)));
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/files/chunked.bin") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        try
        {
            using var response = await alice.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
            Assert.Contains("quota_exceeded", await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            // The server may close the connection while the rest of the body is still being sent.
        }

        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/nodes/chunked.bin")).StatusCode);
        using var me = await alice.Http.GetAsync("/api/v1/me");
        Assert.Contains("\"usedBytes\":0", await me.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/files/..", "invalid_name")]
    [InlineData("/api/v1/files/a/../b", "invalid_name")]
    [InlineData("/api/v1/files/a/../../../users", "invalid_name")]
    [InlineData("/api/v1/files/%2e%2e", "invalid_name")]
    [InlineData("/api/v1/files/%2E", "invalid_name")]
    [InlineData("/api/v1/files/a%2Fb", "invalid_name")]
    [InlineData("/api/v1/files/a%5Cb", "invalid_name")]
    [InlineData("/api/v1/files/a%01b", "invalid_name")]
    [InlineData("/api/v1/files/a%7F", "invalid_name")]
    [InlineData("/api/v1/files/a%C2%85", "invalid_name")]
    [InlineData("/api/v1/files/%C3%28", "invalid_name")]
    [InlineData("/api/v1/files/%ED%A0%80", "invalid_name")]
    [InlineData("/api/v1/files/a//b", "invalid_path")]
    [InlineData("/api/v1/files/a%zz", "invalid_path")]
    [InlineData("/api/v1/nodes/x/..", "invalid_name")]
    [InlineData("/api/v1/folders/%2e%2e/x", "invalid_name")]
    public async Task Bad_names_answer_400_with_a_code(string target, string code)
    {
        using var alice = await server.CreateUserAsync();
        var method = target.Contains("/files/") ? "PUT" : "GET";
        var (status, response) = await RawHttp.SendAsync(server.Address, method, target, alice.Token, body: [1, 2, 3]);
        Assert.Equal(400, status);
        Assert.Contains($"\"code\":\"{code}\"", response);
    }

    [Fact]
    public async Task Encoded_nul_is_refused_by_kestrel_before_any_handler()
    {
        // Kestrel rejects a request target that decodes to NUL while parsing the request line, so no app code
        // (and no problem document) is involved; the status is still 400 and nothing is created.
        using var alice = await server.CreateUserAsync();
        var (status, _) = await RawHttp.SendAsync(server.Address, "PUT", "/api/v1/files/a%00b", alice.Token, body: [1]);
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Over_long_name_answers_400_invalid_name()
    {
        using var alice = await server.CreateUserAsync();
        var name = string.Concat(Enumerable.Repeat("%C3%A9", 128));   // 128 × "é" = 256 bytes
        using var put = await alice.Http.PutAsync($"/api/v1/files/{name}", Bytes([1]));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("\"code\":\"invalid_name\"", await put.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_users_files_answer_404()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await alice.Http.PutAsync("/api/v1/files/private.txt", Bytes([1]));
        await alice.Http.PutAsync("/api/v1/files/gone.txt", Bytes([1]));
        await alice.Http.DeleteAsync("/api/v1/files/gone.txt");
        var trash = (await alice.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!;

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.GetAsync("/api/v1/files/private.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.GetAsync("/api/v1/nodes/private.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.GetAsync("/api/v1/versions/private.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.DeleteAsync("/api/v1/files/private.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.PostAsync($"/api/v1/trash/{trash.Items[0].Id}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.DeleteAsync($"/api/v1/trash/{trash.Items[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.Http.GetAsync("/api/v1/files/private.txt")).StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_requests_are_401()
    {
        using var anonymous = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/files/a.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync("/api/v1/files/a.txt", Bytes([1]))).StatusCode);
    }
}
