using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.S3.Model;
using TusRequests = Depot.Server.Tests.Tus.Tus;
using Depot.Testing;

namespace Depot.Server.Tests.Encryption;

/// <summary>
/// A server with encryption at rest: files uploaded by REST and tus read back whole, by range and over WebDAV, while
/// nothing under the data folder (nor, on S3, in the bucket) holds their plaintext.
/// </summary>
public sealed class EncryptionTests(EncryptedDepotServer server) : IClassFixture<EncryptedDepotServer>
{
    private const int Chunk = 64 * 1024;

    [Fact]
    public Task Uploads_by_rest_and_tus_read_back_whole_by_range_and_over_webdav_and_no_plaintext_is_stored() => RoundTripAsync(server);

    /// <summary>The scenario on any encrypted server: <see cref="EncryptionOnS3Tests"/> runs it on a bucket.</summary>
    internal static async Task RoundTripAsync(EncryptedDepotServer server)
    {
        using var alice = await server.CreateUserAsync();
        var rest = Pattern("REST", (3 * Chunk) + 777);
        using (var put = await alice.Http.PutAsync("/api/v1/files/secret.txt", new ByteArrayContent(rest)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var tus = Pattern("TUS", (2 * Chunk) + 5);
        var url = await TusRequests.CreatedUrlAsync(alice.Http, "/by-tus.txt", tus.Length);
        using (var first = await TusRequests.PatchAsync(alice.Http, url, 0, tus[..100_000]))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        // Unfinished, the upload's first part is at rest, sealed: no plaintext in the uploads folder even now (on S3 the
        // sealed parts are in the bucket, checked below with the rest).
        var uploads = Path.Combine(server.DataPath, "uploads");
        Assert.True(server.OnS3 || Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories).Any(), "no part at rest");
        foreach (var file in Directory.Exists(uploads) ? Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories) : [])
        {
            Assert.True((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf("DEPOT-TUS-"u8) < 0, $"{file} holds plaintext of an unfinished upload");
        }

        using (var last = await TusRequests.PatchAsync(alice.Http, url, 100_000, tus[100_000..]))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }

        Assert.Equal(rest, await alice.Http.GetByteArrayAsync("/api/v1/files/secret.txt"));
        Assert.Equal(tus, await alice.Http.GetByteArrayAsync("/api/v1/files/by-tus.txt"));
        Assert.Equal(rest, await alice.Http.GetByteArrayAsync("/dav/secret.txt"));
        Assert.Equal(tus, await alice.Http.GetByteArrayAsync("/dav/by-tus.txt"));

        // A range across the boundary of the first two chunks, and one in the last, short chunk.
        foreach (var (from, to) in new[] { (Chunk - 10, Chunk + 9), ((3 * Chunk) + 700, (3 * Chunk) + 776) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/secret.txt");
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var partial = await alice.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(rest[from..(to + 1)], await partial.Content.ReadAsByteArrayAsync());
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/dav/by-tus.txt"))
        {
            request.Headers.Range = new RangeHeaderValue(Chunk - 1, Chunk);
            using var partial = await alice.Http.SendAsync(request);
            Assert.Equal(tus[(Chunk - 1)..(Chunk + 1)], await partial.Content.ReadAsByteArrayAsync());
        }

        // Nothing at rest holds either file's text: not the blob folder, not the uploads folder, nor the rest of the data folder.
        foreach (var file in Directory.EnumerateFiles(server.DataPath, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("depot.lock", StringComparison.Ordinal)))
        {
            // Shared like the server's own handles (the database and its WAL stay open).
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var content = new MemoryStream();
            await stream.CopyToAsync(content);
            var bytes = content.ToArray();
            Assert.True(bytes.AsSpan().IndexOf("DEPOT-REST-"u8) < 0, $"{file} holds plaintext");
            Assert.True(bytes.AsSpan().IndexOf("DEPOT-TUS-"u8) < 0, $"{file} holds plaintext");
        }

        if (server.OnS3)
        {
            var objects = 0;
            using var s3 = S3Server.Shared.CreateClient();
            var bucket = TestStorage.BucketOf(server.DataPath);
            foreach (var item in (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? [])
            {
                using var response = await s3.GetObjectAsync(bucket, item.Key);
                using var copy = new MemoryStream();
                await response.ResponseStream.CopyToAsync(copy);
                Assert.True(copy.ToArray().AsSpan().IndexOf("DEPOT-REST-"u8) < 0 && copy.ToArray().AsSpan().IndexOf("DEPOT-TUS-"u8) < 0,
                    $"{item.Key} holds plaintext");
                objects++;
            }

            Assert.True(objects >= 2, $"{objects} objects in the bucket");
        }
        else
        {
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(server.DataPath, "blobs"), "*", SearchOption.AllDirectories));
        }
    }

    /// <summary>A recognisable, never-repeating text: "DEPOT-{tag}-00000000…".</summary>
    private static byte[] Pattern(string tag, int size)
    {
        var text = new StringBuilder(size + 32);
        for (var i = 0; text.Length < size; i++)
        {
            text.Append("DEPOT-").Append(tag).Append('-').Append(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }
}
