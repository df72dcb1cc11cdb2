using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Depot.Testing;

namespace Depot.Server.Tests.Tus;

/// <summary>The MUSTs of tus 1.0.0 core and of the extensions Depot announces, over real sockets.</summary>
public sealed class TusProtocolTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Options_announces_version_extensions_max_size_and_checksum_algorithms_without_credentials()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/v1/uploads"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("1.0.0", Tus.Header(response, "Tus-Version"));
        Assert.Equal("1.0.0", Tus.Header(response, "Tus-Resumable"));
        Assert.Equal("creation,creation-with-upload,creation-defer-length,termination,checksum,expiration", Tus.Header(response, "Tus-Extension"));
        Assert.Equal((100L * 1024 * 1024 * 1024).ToString(), Tus.Header(response, "Tus-Max-Size"));
        Assert.Equal("sha1,sha256", Tus.Header(response, "Tus-Checksum-Algorithm"));
    }

    [Fact]
    public async Task Unsupported_or_missing_version_is_412_with_Tus_Version_and_nothing_is_created()
    {
        using var alice = await server.CreateUserAsync();
        using var response = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/v.bin")), 10, configure: r =>
        {
            r.Headers.Remove("Tus-Resumable");
            r.Headers.Add("Tus-Resumable", "0.2.2");
        });
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("1.0.0", Tus.Header(response, "Tus-Version"));
        Assert.Equal("1.0.0", Tus.Header(response, "Tus-Resumable"));
        Assert.Null(response.Headers.Location);

        using var missing = await alice.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/uploads/" + new string('a', 32)));
        Assert.Equal(HttpStatusCode.PreconditionFailed, missing.StatusCode);
    }

    [Fact]
    public async Task Errors_and_unauthenticated_answers_carry_Tus_Resumable()
    {
        using var anonymous = server.CreateHttpClient();
        using var unauthenticated = await Tus.HeadAsync(anonymous, "/api/v1/uploads/" + new string('a', 32));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("1.0.0", Tus.Header(unauthenticated, "Tus-Resumable"));
    }

    [Fact]
    public async Task Chunks_are_appended_and_the_finished_upload_is_committed_like_a_put()
    {
        using var alice = await server.CreateUserAsync();
        var data = Tus.Random(300_000);
        using var created = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/docs/big.bin"), ("contentType", "application/x-test"),
            ("parents", "true"), ("sha256", Convert.ToHexStringLower(SHA256.HashData(data)))), data.Length);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v1/uploads/", url);
        Assert.Equal(0, Tus.Offset(created));
        AssertRfcDate(Tus.Header(created, "Upload-Expires"));

        using (var head = await Tus.HeadAsync(alice.Http, url))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(0, Tus.Offset(head));
            Assert.Equal(data.Length.ToString(), Tus.Header(head, "Upload-Length"));
            Assert.Equal("no-store", Tus.Header(head, "Cache-Control"));
            Assert.Contains("path ", Tus.Header(head, "Upload-Metadata"));
            Assert.Null(Tus.Header(head, "Upload-Defer-Length"));
        }

        using (var first = await Tus.PatchAsync(alice.Http, url, 0, data[..100_000]))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            Assert.Equal(100_000, Tus.Offset(first));
            AssertRfcDate(Tus.Header(first, "Upload-Expires"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/nodes/docs/big.bin")).StatusCode);
        using (var last = await Tus.PatchAsync(alice.Http, url, 100_000, data[100_000..]))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
            Assert.Equal(data.Length, Tus.Offset(last));
            Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(data))}\"", last.Headers.ETag!.Tag);
        }

        using var download = await alice.Http.GetAsync("/api/v1/files/docs/big.bin");
        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/x-test", download.Content.Headers.ContentType!.MediaType);

        // Resuming a finished upload learns it is complete.
        using var after = await Tus.HeadAsync(alice.Http, url);
        Assert.Equal(data.Length, Tus.Offset(after));
        Assert.False(await Tus.HasPartialAsync(server.Services, url));
    }

    [Fact]
    public async Task A_second_upload_to_the_same_path_adds_a_version()
    {
        using var alice = await server.CreateUserAsync();
        foreach (var text in new[] { "one", "two" })
        {
            var url = await Tus.CreatedUrlAsync(alice.Http, "/v.txt", 3);
            using var patch = await Tus.PatchAsync(alice.Http, url, 0, System.Text.Encoding.UTF8.GetBytes(text));
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        }

        var versions = await alice.Http.GetStringAsync("/api/v1/versions/v.txt");
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(versions).RootElement.GetArrayLength());
        Assert.Equal("two", await alice.Http.GetStringAsync("/api/v1/files/v.txt"));
    }

    [Fact]
    public async Task Offset_mismatch_is_409_and_changes_nothing()
    {
        using var alice = await server.CreateUserAsync();
        var url = await Tus.CreatedUrlAsync(alice.Http, "/m.bin", 10);
        using var ahead = await Tus.PatchAsync(alice.Http, url, 5, new byte[5]);
        Assert.Equal(HttpStatusCode.Conflict, ahead.StatusCode);
        Assert.Equal("1.0.0", Tus.Header(ahead, "Tus-Resumable"));
        Assert.Equal(0, Tus.Offset(await Tus.HeadAsync(alice.Http, url)));
    }

    [Fact]
    public async Task Patch_without_the_offset_content_type_is_415()
    {
        using var alice = await server.CreateUserAsync();
        var url = await Tus.CreatedUrlAsync(alice.Http, "/c.bin", 10);
        using var response = await Tus.PatchAsync(alice.Http, url, 0, new byte[10], contentType: "application/octet-stream");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, Tus.Offset(await Tus.HeadAsync(alice.Http, url)));
    }

    [Fact]
    public async Task Unknown_malformed_and_other_users_uploads_are_404_without_an_offset()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        var url = await Tus.CreatedUrlAsync(alice.Http, "/mine.bin", 10);
        foreach (var target in new[] { url, "/api/v1/uploads/" + new string('0', 32), "/api/v1/uploads/nope" })
        {
            using var head = await Tus.HeadAsync(bob.Http, target);
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
            Assert.Null(Tus.Offset(head));
            using var patch = await Tus.PatchAsync(bob.Http, target, 0, new byte[10]);
            Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
            using var delete = await Tus.DeleteAsync(bob.Http, target);
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        Assert.Equal(0, Tus.Offset(await Tus.HeadAsync(alice.Http, url)));
    }

    [Fact]
    public async Task Checksum_mismatch_is_460_and_the_chunk_is_discarded_while_sha1_and_sha256_matches_are_kept()
    {
        using var alice = await server.CreateUserAsync();
        var data = Tus.Random(3000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/sum.bin", data.Length);

        using (var wrong = await Tus.PatchAsync(alice.Http, url, 0, data[..1000], Tus.Sha1(data[1000..2000])))
        {
            Assert.Equal(460, (int)wrong.StatusCode);
        }

        Assert.Equal(0, Tus.Offset(await Tus.HeadAsync(alice.Http, url)));
        using (var unknown = await Tus.PatchAsync(alice.Http, url, 0, data[..1000], "md5 HUXZLQLMuI/KZ5KDcJPcOA=="))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Tus.PatchAsync(alice.Http, url, 0, data[..1000], Tus.Sha1(data[..1000]))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Tus.PatchAsync(alice.Http, url, 1000, data[1000..2000], Tus.Sha256(data[1000..2000]))).StatusCode);
        Assert.Equal(460, (int)(await Tus.PatchAsync(alice.Http, url, 2000, data[2000..], Tus.Sha256(data[..1000]))).StatusCode);
        Assert.Equal(2000, Tus.Offset(await Tus.HeadAsync(alice.Http, url)));
        Assert.Equal(HttpStatusCode.NoContent, (await Tus.PatchAsync(alice.Http, url, 2000, data[2000..], Tus.Sha256(data[2000..]))).StatusCode);
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/sum.bin"));
    }

    [Fact]
    public async Task Termination_is_204_and_the_upload_is_gone()
    {
        using var alice = await server.CreateUserAsync();
        var url = await Tus.CreatedUrlAsync(alice.Http, "/t.bin", 100);
        Assert.Equal(HttpStatusCode.NoContent, (await Tus.PatchAsync(alice.Http, url, 0, new byte[40])).StatusCode);

        using var delete = await Tus.DeleteAsync(alice.Http, url);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Tus.HeadAsync(alice.Http, url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Tus.PatchAsync(alice.Http, url, 40, new byte[60])).StatusCode);
        Assert.False(await Tus.HasPartialAsync(server.Services, url));
    }

    [Fact]
    public async Task Creation_with_upload_accepts_the_first_chunk_or_the_whole_file()
    {
        using var alice = await server.CreateUserAsync();
        var data = Tus.Random(5000);
        using (var part = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/part.bin")), data.Length, data[..2000]))
        {
            Assert.Equal(HttpStatusCode.Created, part.StatusCode);
            Assert.Equal(2000, Tus.Offset(part));
            using var rest = await Tus.PatchAsync(alice.Http, part.Headers.Location!.OriginalString, 2000, data[2000..]);
            Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        }

        using (var whole = await Tus.CreateAsync(alice.Http, Tus.Metadata(("filename", "whole.bin"), ("folder", "/in/here"), ("parents", "true")), data.Length, data))
        {
            Assert.Equal(HttpStatusCode.Created, whole.StatusCode);
            Assert.Equal(data.Length, Tus.Offset(whole));
        }

        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/part.bin"));
        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/in/here/whole.bin"));
    }

    [Fact]
    public async Task Deferred_length_is_reported_until_a_patch_sets_it()
    {
        using var alice = await server.CreateUserAsync();
        var data = Tus.Random(3000);
        var url = await Tus.CreatedUrlAsync(alice.Http, "/deferred.bin", null);
        using (var head = await Tus.HeadAsync(alice.Http, url))
        {
            Assert.Equal("1", Tus.Header(head, "Upload-Defer-Length"));
            Assert.Null(Tus.Header(head, "Upload-Length"));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Tus.PatchAsync(alice.Http, url, 0, data[..1000])).StatusCode);
        using (var last = await Tus.PatchAsync(alice.Http, url, 1000, data[1000..], uploadLength: data.Length))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
            Assert.Equal(data.Length.ToString(), Tus.Header(last, "Upload-Length"));
        }

        Assert.Equal(data, await alice.Http.GetByteArrayAsync("/api/v1/files/deferred.bin"));
    }

    [Fact]
    public async Task The_length_cannot_change_once_set()
    {
        using var alice = await server.CreateUserAsync();
        var url = await Tus.CreatedUrlAsync(alice.Http, "/fixed.bin", 10);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tus.PatchAsync(alice.Http, url, 0, new byte[5], uploadLength: 20)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Tus.PatchAsync(alice.Http, url, 0, new byte[11])).StatusCode);
        Assert.Equal(0, Tus.Offset(await Tus.HeadAsync(alice.Http, url)));
    }

    [Theory]
    [InlineData("path", "/a/../b.bin")]
    [InlineData("path", "/bad\u0001name")]
    [InlineData("filename", "a/b")]
    [InlineData("filename", "..")]
    public async Task Bad_target_names_fail_at_creation(string key, string value)
    {
        using var alice = await server.CreateUserAsync();
        using var response = await Tus.CreateAsync(alice.Http, Tus.Metadata((key, value)), 10);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Creation_needs_a_target_a_length_and_a_size_within_the_limit()
    {
        using var alice = await server.CreateUserAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await Tus.CreateAsync(alice.Http, null, 10)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tus.CreateAsync(alice.Http, "path !!!", 10)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/x")), 10,
            configure: r => r.Headers.Add("Upload-Defer-Length", "1"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/x")), null,
            configure: r => { r.Headers.Remove("Upload-Defer-Length"); r.Headers.Add("Upload-Defer-Length", "2"); })).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/x")), 200L << 30)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/no/parent.bin")), 10)).StatusCode);
    }

    [Fact]
    public async Task An_empty_upload_is_committed_at_creation()
    {
        using var alice = await server.CreateUserAsync();
        using var response = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/empty.bin")), 0);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(0, Tus.Offset(response));
        Assert.Empty(await alice.Http.GetByteArrayAsync("/api/v1/files/empty.bin"));
    }

    [Fact]
    public async Task Preconditions_and_the_whole_file_digest_are_checked_at_commit()
    {
        using var alice = await server.CreateUserAsync();
        string url;
        using (var create = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/cond.bin"), ("ifNoneMatch", "*")), 3))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            url = create.Headers.Location!.OriginalString;
        }

        Assert.Equal(HttpStatusCode.Created, (await alice.Http.PutAsync("/api/v1/files/cond.bin", new ByteArrayContent("put"u8.ToArray()))).StatusCode);
        using (var last = await Tus.PatchAsync(alice.Http, url, 0, "tus"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, last.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Tus.HeadAsync(alice.Http, url)).StatusCode);
        Assert.Equal("put", await alice.Http.GetStringAsync("/api/v1/files/cond.bin"));

        var digest = await Tus.CreateAsync(alice.Http, Tus.Metadata(("path", "/digest.bin"), ("sha256", new string('0', 64))), 3);
        using (var last = await Tus.PatchAsync(alice.Http, digest.Headers.Location!.OriginalString, 0, "abc"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, last.StatusCode);
            Assert.Contains("digest_mismatch", await last.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/nodes/digest.bin")).StatusCode);
    }

    [Fact]
    public async Task Method_override_turns_a_post_into_a_patch()
    {
        using var alice = await server.CreateUserAsync();
        var url = await Tus.CreatedUrlAsync(alice.Http, "/override.bin", 4);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent("data"u8.ToArray()) };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Offset", "0");
        request.Headers.Add("X-HTTP-Method-Override", "PATCH");
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        using var response = await alice.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("data", await alice.Http.GetStringAsync("/api/v1/files/override.bin"));
    }

    private static void AssertRfcDate(string? value)
    {
        Assert.NotNull(value);
        var parsed = DateTimeOffset.ParseExact(value, "R", CultureInfo.InvariantCulture);
        Assert.True(parsed > DateTimeOffset.UtcNow.AddHours(23) && parsed < DateTimeOffset.UtcNow.AddHours(25), value);
    }
}
