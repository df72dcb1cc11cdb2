using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Admin;
using Depot.Protocol.Files;
using Depot.Server.Tests.Dav;
using Depot.Server.Tests.Observability;
using Depot.Server.Tests.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

/// <summary>
/// Stored content is verified (issue 9, point 3): a flipped byte in a stored blob (a file on disk, an object in S3) aborts every whole-file read
/// that meets it (REST, WebDAV, link, zip) instead of ending it normally, marks the blob damaged so later reads, ranges,
/// zips, copies and restores are refused before a byte is sent, and the admin scrub finds it by owner and path and
/// un-marks it once the file is restored.
/// </summary>
public sealed class BlobDamageTests(BlobDamageTests.Server server) : IClassFixture<BlobDamageTests.Server>
{
    // 1 MiB: several write buffers, so the response has certainly started when the last read finds the damage.
    private const int Size = 1024 * 1024;

    public sealed class Server : DepotServer
    {
        // Fast scrubs for tests; the rate bound itself is shown by Scrub_is_held_to_its_rate.
        protected override IEnumerable<string> ExtraArguments => ["--Depot:Scrub:BytesPerSecond=1073741824"];
    }

    [Fact]
    public async Task A_flipped_byte_aborts_the_rest_download_then_reads_ranges_zips_and_copies_are_refused()
    {
        using var alice = await server.CreateUserAsync();
        await UploadDamagedAsync(alice, "/docs/d.bin");
        var before = await DamageCountAsync();

        await AssertAbortedAsync(alice.Http, "/api/v1/files/docs/d.bin");
        Assert.True(await DamageCountAsync() > before, "the damage is counted in depot_blob_damaged");

        // Now known damaged: refused before any byte, whole, ranged, zipped, copied (REST and WebDAV) or restored.
        await AssertDamagedAsync(await alice.Http.GetAsync("/api/v1/files/docs/d.bin"));
        using (var range = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/docs/d.bin") { Headers = { Range = new(0, 9) } })
        {
            await AssertDamagedAsync(await alice.Http.SendAsync(range));
        }

        await AssertDamagedAsync(await alice.Http.GetAsync("/api/v1/archives/docs"));
        await AssertDamagedAsync(await alice.Http.PostAsJsonAsync("/api/v1/copies", new MoveRequest("/docs/d.bin", "/c.bin"), DepotJsonContext.Default.MoveRequest));
        await AssertDamagedAsync(await alice.Http.PostAsJsonAsync("/api/v1/copies", new MoveRequest("/docs", "/docs2"), DepotJsonContext.Default.MoveRequest));
        using var dav = DavSession.For(server, alice);
        using (var copy = await dav.SendAsync("COPY", "/dav/docs/d.bin", null, ("Destination", $"{server.Address}dav/c2.bin")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, copy.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/nodes/c.bin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/nodes/c2.bin")).StatusCode);

        // A version restore of the damaged content is refused too.
        await alice.Http.PutFileAsync("/docs/d.bin", "replacement");
        var versions = (await alice.Http.GetFromJsonAsync("/api/v1/versions/docs/d.bin", DepotJsonContext.Default.IReadOnlyListVersionInfo))!;
        var restore = await alice.Http.PostAsJsonAsync("/api/v1/versions/docs/d.bin", new RestoreVersionRequest(versions[^1].Id),
            DepotJsonContext.Default.RestoreVersionRequest);
        await AssertDamagedAsync(restore);
        Assert.Equal("replacement", await alice.Http.GetStringAsync("/api/v1/files/docs/d.bin"));
    }

    [Fact]
    public async Task WebDav_link_and_zip_downloads_abort_on_a_flipped_byte()
    {
        using var alice = await server.CreateUserAsync();
        await UploadDamagedAsync(alice, "/w/d.bin");
        await AssertAbortedAsync(DavSession.For(server, alice).Http, "/dav/w/d.bin");

        await UploadDamagedAsync(alice, "/l/d.bin");
        var link = await alice.Http.LinkOkAsync("/l/d.bin");
        using var anonymous = server.CreateHttpClient();
        await AssertAbortedAsync(anonymous, link.Url);

        await UploadDamagedAsync(alice, "/z/d.bin");
        await alice.Http.PutFileAsync("/z/a.txt", "fine");
        await AssertAbortedAsync(alice.Http, "/api/v1/archives/z");
    }

    [Fact]
    public async Task Scrub_reports_damaged_and_missing_blobs_by_owner_and_path_and_clears_a_restored_one()
    {
        using var admin = await server.CreateUserAsync(isAdmin: true);
        using var alice = await server.CreateUserAsync();
        var (flipped, original) = await UploadDamagedAsync(alice, "/s/flipped.bin");
        var (gone, _) = await UploadDamagedAsync(alice, "/s/gone.bin");
        await StoredContent.DeleteAsync(server.DataPath, gone);
        await alice.Http.PutFileAsync("/s/fine.txt", "fine");

        // A regular user may not scrub.
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.PostAsync("/api/v1/admin/scrub", null)).StatusCode);

        var report = await ScrubAsync(admin.Http);
        var damaged = report.Damaged.Single(f => f.BlobId == flipped.Id);
        Assert.Equal("content_mismatch", damaged.Damage);
        var place = Assert.Single(damaged.Locations);
        Assert.Equal((alice.Username, "/s/flipped.bin", true), (place.Owner, place.Path, place.Current));
        var missing = report.Damaged.Single(f => f.BlobId == gone.Id);
        Assert.Equal("missing", missing.Damage);
        Assert.Equal("/s/gone.bin", Assert.Single(missing.Locations).Path);
        Assert.DoesNotContain(report.Damaged, f => f.Locations.Any(l => l.Path == "/s/fine.txt"));

        // Found by the scrub, so refused on the very first read; a missing blob is a clear problem, not a stack trace.
        await AssertDamagedAsync(await alice.Http.GetAsync("/api/v1/files/s/flipped.bin"));
        await AssertDamagedAsync(await alice.Http.GetAsync("/api/v1/files/s/gone.bin"));

        // The metrics of the last scrub are there.
        var scrape = PrometheusScrape.Parse(await server.CreateHttpClient().GetStringAsync("/metrics"));
        Assert.Contains(scrape.Samples, s => s.Name.StartsWith("depot_scrub_last_completed", StringComparison.Ordinal) && s.Value > 0);
        Assert.Contains(scrape.Samples, s => s.Name.StartsWith("depot_scrub_damaged", StringComparison.Ordinal) && s.Value >= 2);

        // An operator restores the file from a backup: the next scrub finds it good and un-marks it.
        await StoredContent.WriteAsync(server.DataPath, flipped, original);
        var again = await ScrubAsync(admin.Http);
        Assert.Contains(again.Recovered, f => f.BlobId == flipped.Id);
        Assert.DoesNotContain(again.Damaged, f => f.BlobId == flipped.Id);
        Assert.Equal(original, await alice.Http.GetByteArrayAsync("/api/v1/files/s/flipped.bin"));
    }

    [Fact]
    public async Task A_truncated_blob_answers_storage_damaged_before_any_byte()
    {
        using var alice = await server.CreateUserAsync();
        var (blob, original) = await UploadDamagedAsync(alice, "/t.bin");
        await StoredContent.WriteAsync(server.DataPath, blob, original[..(Size / 2)]);

        await AssertDamagedAsync(await alice.Http.GetAsync("/api/v1/files/t.bin"));
    }

    /// <summary>Uploads 1 MiB of random bytes and flips one in the middle of its stored blob; returns that blob and the original bytes.</summary>
    private async Task<(StoredObject Blob, byte[] Original)> UploadDamagedAsync(TestUser user, string path)
    {
        var content = new byte[Size];
        Random.Shared.NextBytes(content);
        using (var put = await user.Http.PutAsync($"/api/v1/files{path}?parents=true", new ByteArrayContent(content)))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT {path}: {(int)put.StatusCode}");
        }

        // Random content is unique: the one blob file of this size holding it is this upload's.
        StoredObject? blob = null;
        foreach (var stored in (await StoredContent.ListAsync(server.DataPath)).Where(o => o.Length == Size))
        {
            if ((await StoredContent.ReadAsync(server.DataPath, stored)).AsSpan().SequenceEqual(content))
            {
                Assert.Null(blob);
                blob = stored;
            }
        }

        Assert.NotNull(blob);
        var damaged = (byte[])content.Clone();
        damaged[Size / 2] ^= 0x01;
        await StoredContent.WriteAsync(server.DataPath, blob, damaged);
        return (blob, content);
    }

    private static async Task AssertAbortedAsync(HttpClient http, string url)
    {
        // The headers may arrive (200): what matters is that the body never completes normally.
        var failed = await Record.ExceptionAsync(async () =>
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(Stream.Null);
        });
        Assert.True(failed is HttpRequestException or IOException, $"{url}: expected an aborted transfer, got {failed?.GetType().Name ?? "a complete body"}");
    }

    private static Task AssertDamagedAsync(HttpResponseMessage response) =>
        SharingApi.AssertStatusAsync(response, HttpStatusCode.InternalServerError, ErrorCodes.StorageDamaged);

    private async Task<double> DamageCountAsync()
    {
        var scrape = PrometheusScrape.Parse(await server.CreateHttpClient().GetStringAsync("/metrics"));
        return scrape.Samples.Where(s => s.Name.StartsWith("depot_blob_damaged", StringComparison.Ordinal)).Sum(s => s.Value);
    }

    /// <summary>Starts a scrub and waits (bounded) for its report.</summary>
    private static async Task<ScrubReportInfo> ScrubAsync(HttpClient admin)
    {
        var requested = DateTimeOffset.UtcNow.AddSeconds(-1);
        using (var started = await admin.PostAsync("/api/v1/admin/scrub", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var status = (await admin.GetFromJsonAsync("/api/v1/admin/scrub", DepotJsonContext.Default.ScrubStatus))!;
            if (!status.Running && status.Last is { } last && last.StartedAt >= requested)
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The scrub did not complete within 30 s.");
    }
}
