using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Depot.Protocol;
using Depot.Protocol.Admin;
using Depot.Server.Tests.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Encryption;

/// <summary>
/// With encryption at rest a changed byte is caught by authentication: a download meeting a damaged chunk is aborted
/// and the blob marked, a damaged header answers storage_damaged before any byte, and the scrub reports both as damage.
/// </summary>
public sealed class EncryptedDamageTests(EncryptedDepotServer server) : IClassFixture<EncryptedDepotServer>
{
    private const int Size = 300_000;
    private const int Header = 160;
    private const int StoredChunk = (64 * 1024) + 16;

    [Fact]
    public async Task A_flipped_byte_in_a_chunk_or_the_header_is_damage_to_reads_and_to_the_scrub()
    {
        using var admin = await server.CreateUserAsync(isAdmin: true);
        using var alice = await server.CreateUserAsync();
        var inChunk = await UploadAndFlipAsync(alice, "/chunk.bin", Header + (2 * StoredChunk) + 5);
        var inHeader = await UploadAndFlipAsync(alice, "/header.bin", 30);

        // The first two chunks were sent already when the third failed: the transfer is cut, never ended normally.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await alice.Http.GetAsync("/api/v1/files/chunk.bin", HttpCompletionOption.ResponseHeadersRead);
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
        });
        await SharingApi.AssertStatusAsync(await alice.Http.GetAsync("/api/v1/files/chunk.bin"), HttpStatusCode.InternalServerError, ErrorCodes.StorageDamaged);
        await SharingApi.AssertStatusAsync(await alice.Http.GetAsync("/api/v1/files/header.bin"), HttpStatusCode.InternalServerError, ErrorCodes.StorageDamaged);

        var report = await ScrubAsync(admin.Http);
        Assert.Equal("content_mismatch", report.Damaged.Single(f => f.BlobId == inChunk).Damage);
        Assert.Equal("content_mismatch", report.Damaged.Single(f => f.BlobId == inHeader).Damage);
    }

    [Fact]
    public async Task A_range_that_meets_a_damaged_chunk_marks_the_blob_damaged()
    {
        using var alice = await server.CreateUserAsync();
        await UploadAndFlipAsync(alice, "/ranged.bin", Header + StoredChunk + 9);

        // A range inside the first chunk is intact and served.
        using (var first = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/ranged.bin"))
        {
            first.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 999);
            using var response = await alice.Http.SendAsync(first);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        }

        // A range that starts in the damaged chunk fails before its first byte (500 storage_damaged); one that reaches
        // it later is cut off. Either way the blob is marked: from then on the file is refused before any byte.
        using (var second = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/ranged.bin"))
        {
            second.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(70_000, 140_000);
            using var response = await alice.Http.SendAsync(second);
            await SharingApi.AssertStatusAsync(response, HttpStatusCode.InternalServerError, ErrorCodes.StorageDamaged);
        }

        await SharingApi.AssertStatusAsync(await alice.Http.GetAsync("/api/v1/files/ranged.bin"), HttpStatusCode.InternalServerError, ErrorCodes.StorageDamaged);
    }

    private async Task<string> UploadAndFlipAsync(TestUser user, string path, int offset)
    {
        var before = (await StoredContent.ListAsync(server.DataPath)).Select(o => o.Id).ToHashSet();
        using (var put = await user.Http.PutAsync($"/api/v1/files{path}", new ByteArrayContent(RandomNumberGenerator.GetBytes(Size))))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var blob = Assert.Single(await StoredContent.ListAsync(server.DataPath), o => !o.IsUnfinishedUpload && !before.Contains(o.Id));
        var bytes = await StoredContent.ReadAsync(server.DataPath, blob);
        bytes[offset] ^= 0x04;
        await StoredContent.WriteAsync(server.DataPath, blob, bytes);
        return blob.Id;
    }

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
