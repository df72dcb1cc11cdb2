using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Depot.Protocol;
using Depot.Server.Tests.Dav;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

/// <summary>
/// Uploading the content a file already has (same SHA-256) adds no version and costs no quota, on every upload path,
/// and still succeeds with the same ETag, saying <c>X-Depot-Unchanged: true</c>; the modified time it carries is kept.
/// </summary>
public sealed class UnchangedUploadTests(DepotServer server) : IClassFixture<DepotServer>
{
    private static async Task<long> UsedAsync(TestUser user) =>
        JsonDocument.Parse(await user.Http.GetStringAsync("/api/v1/me")).RootElement.GetProperty("usedBytes").GetInt64();

    private static async Task<int> VersionsAsync(TestUser user, string path) =>
        (await user.Http.GetFromJsonAsync("/api/v1/versions" + path, DepotJsonContext.Default.IReadOnlyListVersionInfo))!.Count;

    [Fact]
    public async Task The_same_bytes_again_by_rest_webdav_and_tus_make_no_version_and_cost_no_quota()
    {
        var data = RandomNumberGenerator.GetBytes(200_000);
        // Room for two copies: each re-upload below would be charged if it made a version, the third would not fit.
        using var user = await server.CreateUserAsync(quotaBytes: data.Length * 2);
        using var first = await user.Http.PutAsync("/api/v1/files/same.bin", new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var etag = first.Headers.ETag!.Tag;

        using var again = await user.Http.PutAsync("/api/v1/files/same.bin", new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("X-Depot-Unchanged").Single());
        Assert.Equal(etag, again.Headers.ETag!.Tag);

        using var dav = DavSession.For(server, user);
        using var put = await dav.SendWithContentAsync("PUT", "/dav/same.bin", new ByteArrayContent(data), ("X-OC-Mtime", "1234567890"));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("true", put.Headers.GetValues("X-Depot-Unchanged").Single());
        Assert.Equal(etag, put.Headers.ETag!.Tag);

        var url = await Tus.Tus.CreatedUrlAsync(user.Http, "/same.bin", data.Length);
        using var patched = await Tus.Tus.PatchAsync(user.Http, url, 0, data);
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal("true", patched.Headers.GetValues("X-Depot-Unchanged").Single());

        Assert.Equal(1, await VersionsAsync(user, "/same.bin"));
        Assert.Equal(data.Length, await UsedAsync(user));
        var info = (await user.Http.GetFromJsonAsync("/api/v1/nodes/same.bin", DepotJsonContext.Default.NodeInfo))!;
        // The WebDAV PUT's time was kept; the tus upload carried none, so it stayed.
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_234_567_890), info.ModifiedAt);
        Assert.Equal(data, await user.Http.GetByteArrayAsync("/api/v1/files/same.bin"));

        // Different bytes are a new version as ever, charged.
        var other = RandomNumberGenerator.GetBytes(data.Length);
        using var changed = await user.Http.PutAsync("/api/v1/files/same.bin", new ByteArrayContent(other));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.False(changed.Headers.Contains("X-Depot-Unchanged"));
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        Assert.Equal((2, 2L * data.Length), (await VersionsAsync(user, "/same.bin"), await UsedAsync(user)));
    }

    [Fact]
    public async Task At_the_quota_an_unchanged_upload_that_declares_its_digest_still_succeeds()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        using var user = await server.CreateUserAsync(quotaBytes: data.Length);
        using (var first = await user.Http.PutAsync("/api/v1/files/full.bin", new ByteArrayContent(data))) { Assert.Equal(HttpStatusCode.Created, first.StatusCode); }

        // Declared (as `depot put` does), the digest says before the body is read that nothing will be charged.
        var declared = new ByteArrayContent(data);
        declared.Headers.Add("Content-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData(data))}:");
        using var again = await user.Http.PutAsync("/api/v1/files/full.bin", declared);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("X-Depot-Unchanged").Single());

        // Undeclared, the declared length is refused before the body is read, as any write past the quota.
        using var blind = await user.Http.PutAsync("/api/v1/files/full.bin", new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.InsufficientStorage, blind.StatusCode);
        Assert.Equal(data.Length, await UsedAsync(user));
    }

    [Fact]
    public async Task Different_bytes_still_add_a_version_and_the_same_bytes_as_an_older_version_too()
    {
        using var user = await server.CreateUserAsync();
        using (var a = await user.Http.PutAsync("/api/v1/files/v.txt", new StringContent("one"))) { Assert.Equal(HttpStatusCode.Created, a.StatusCode); }
        using (var b = await user.Http.PutAsync("/api/v1/files/v.txt", new StringContent("two"))) { Assert.False(b.Headers.Contains("X-Depot-Unchanged")); }
        // "one" is an older version, not the current one: putting it back is a change.
        using (var c = await user.Http.PutAsync("/api/v1/files/v.txt", new StringContent("one"))) { Assert.False(c.Headers.Contains("X-Depot-Unchanged")); }
        Assert.Equal(3, await VersionsAsync(user, "/v.txt"));
        Assert.Equal(9, await UsedAsync(user));
    }
}
