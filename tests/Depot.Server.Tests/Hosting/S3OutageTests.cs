using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Depot.Protocol;
using Depot.Testing;
using TusHttp = Depot.Server.Tests.Tus.Tus;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// The server on S3 while the store fails (through <see cref="ProxiedS3Server"/>'s fault proxy): writes answer 503
/// <c>storage_unavailable</c> with Retry-After and leave no trace, reads answer 503 or abort (never a short 200),
/// readiness follows the store, and everything works again once the store heals. Each test heals the proxy first.
/// </summary>
public sealed class S3OutageTests(ProxiedS3Server server) : IClassFixture<ProxiedS3Server>
{
    private static ByteArrayContent Bytes(byte[] data) => new(data) { Headers = { ContentType = new("application/octet-stream") } };

    [Fact]
    public async Task Uploads_while_the_store_answers_503_fail_cleanly_and_succeed_once_it_heals()
    {
        server.Proxy.PassThrough();
        using var alice = await server.Accounts.CreateUserAsync();
        using var dav = server.CreateDavClient(alice);
        var data = RandomNumberGenerator.GetBytes(1024 * 1024 + 5);
        var usedBefore = await UsedBytesAsync(alice.Http);

        server.Proxy.AnswerSlowDown();
        using (var put = await alice.Http.PutAsync("/api/v1/files/rest.bin", Bytes(data)))
        {
            await AssertStorageUnavailableAsync(put);
        }

        using (var davPut = await dav.PutAsync("/dav/dav.bin", Bytes(data)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, davPut.StatusCode);
            Assert.NotNull(davPut.Headers.RetryAfter);
        }

        Assert.True(server.Proxy.SlowDownsAnswered > 0);
        Assert.Empty(await NamesAsync(alice.Http));
        Assert.Equal(usedBefore, await UsedBytesAsync(alice.Http));

        server.Proxy.PassThrough();
        using (var put = await alice.Http.PutAsync("/api/v1/files/rest.bin", Bytes(data)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(data))}\"", put.Headers.ETag?.Tag);
        }

        using (var davPut = await dav.PutAsync("/dav/dav.bin", Bytes(data)))
        {
            Assert.Equal(HttpStatusCode.Created, davPut.StatusCode);
        }

        Assert.Equal(["dav.bin", "rest.bin"], (await NamesAsync(alice.Http)).Order(StringComparer.Ordinal));
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/rest.bin"));
        Assert.Equal(data, await dav.GetByteArrayAsync("/dav/dav.bin"));
        Assert.Equal(usedBefore + (2 * data.Length), await UsedBytesAsync(alice.Http));
    }

    [Fact]
    public async Task Reads_during_an_outage_answer_503_and_heal_with_the_store()
    {
        server.Proxy.PassThrough();
        using var alice = await server.Accounts.CreateUserAsync();
        using var dav = server.CreateDavClient(alice);
        var data = RandomNumberGenerator.GetBytes(100_000);
        (await alice.Http.PutAsync("/api/v1/files/r.bin", Bytes(data))).Dispose();

        server.Proxy.AnswerSlowDown();
        using (var get = await alice.Http.GetAsync("/api/v1/files/r.bin"))
        {
            await AssertStorageUnavailableAsync(get);
        }

        using (var davGet = await dav.GetAsync("/dav/r.bin"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, davGet.StatusCode);
        }

        server.Proxy.PassThrough();
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/r.bin"));
    }

    [Fact]
    public async Task A_read_the_store_cuts_off_mid_body_aborts_the_response_rather_than_end_it_short()
    {
        server.Proxy.PassThrough();
        using var alice = await server.Accounts.CreateUserAsync();
        var data = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        (await alice.Http.PutAsync("/api/v1/files/big.bin", Bytes(data))).Dispose();

        var resets = server.Proxy.Resets;
        server.Proxy.ResetResponses(afterBytes: 1024 * 1024, times: 1);
        using (var get = await alice.Http.GetAsync("/api/v1/files/big.bin", HttpCompletionOption.ResponseHeadersRead))
        {
            // The headers (200, the full Content-Length) were sent before the store failed; the body must not end cleanly.
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(data.Length, get.Content.Headers.ContentLength);
            var failure = await Record.ExceptionAsync(() => get.Content.ReadAsByteArrayAsync());
            Assert.True(failure is HttpRequestException or IOException, $"the body ended without an error: {failure}");
        }

        Assert.Equal(resets + 1, server.Proxy.Resets);
        server.Proxy.PassThrough();
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/big.bin"));
    }

    [Fact]
    public async Task A_store_slower_than_the_request_timeout_answers_503_not_500()
    {
        server.Proxy.PassThrough();
        using var alice = await server.Accounts.CreateUserAsync();
        server.Proxy.Throttle(TimeSpan.FromSeconds(60));   // each chunk waits longer than an attempt (5 s) may take
        try
        {
            using var put = await alice.Http.PutAsync("/api/v1/files/slow.bin", Bytes(new byte[40_000]));   // over the inline limit
            await AssertStorageUnavailableAsync(put);
        }
        finally
        {
            server.Proxy.PassThrough();
        }

        Assert.Empty(await NamesAsync(alice.Http));
    }

    [Fact]
    public async Task Readiness_follows_the_store()
    {
        server.Proxy.PassThrough();
        using var http = new HttpClient { BaseAddress = server.Address };
        using (var ready = await http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        server.Proxy.AnswerSlowDown();
        var (down, body) = await Probe.WaitForAsync(http, "/readyz", HttpStatusCode.ServiceUnavailable);   // the answer before may stand a second
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal("Unhealthy", body);

        using (var live = await http.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);   // the process is fine: no restart for a store outage
        }

        server.Proxy.PassThrough();
        using (var back = await http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }
    }

    [Fact]
    public async Task A_tus_upload_whose_patch_is_reset_resumes_to_the_right_file()
    {
        server.Proxy.PassThrough();
        using var alice = await server.Accounts.CreateUserAsync();
        var data = RandomNumberGenerator.GetBytes((12 * 1024 * 1024) + 3);
        const int first = 3 * 1024 * 1024;
        var url = await TusHttp.CreatedUrlAsync(alice.Http, "/resumed.bin", data.Length);
        using (var ok = await TusHttp.PatchAsync(alice.Http, url, 0, data[..first]))
        {
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        }

        // Every request to the store longer than 256 KiB is reset: the next PATCH (which fills an 8 MiB part) fails.
        server.Proxy.ResetRequests(afterBytes: 256 * 1024);
        using (var cut = await TusHttp.PatchAsync(alice.Http, url, first, data[first..]))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, cut.StatusCode);
        }

        Assert.True(server.Proxy.Resets > 0);
        server.Proxy.PassThrough();
        using var head = await TusHttp.HeadAsync(alice.Http, url);
        var offset = TusHttp.Offset(head)!.Value;
        Assert.InRange(offset, first, data.Length - 1);   // what was acknowledged is kept; the rest is sent again
        using var rest = await TusHttp.PatchAsync(alice.Http, url, offset, data[(int)offset..]);
        Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(data))}\"", rest.Headers.ETag!.Tag);
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/resumed.bin"));
    }

    private static async Task AssertStorageUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ErrorCodes.StorageUnavailable, problem.RootElement.GetProperty("code").GetString());
    }

    private static async Task<long> UsedBytesAsync(HttpClient http)
    {
        using var me = JsonDocument.Parse(await http.GetStringAsync("/api/v1/me"));
        return me.RootElement.GetProperty("usedBytes").GetInt64();
    }

    private static async Task<List<string>> NamesAsync(HttpClient http)
    {
        using var listing = JsonDocument.Parse(await http.GetStringAsync("/api/v1/folders/"));
        return [.. listing.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
    }
}
