using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Dav;

/// <summary>
/// What sync tools (rclone with vendor owncloud/nextcloud, ownCloud/Nextcloud clients) read and write besides the
/// bytes: the client's modified time (X-OC-Mtime, PROPPATCH) and ownCloud's oc:checksums, taken while the upload
/// streamed in, by every upload path (WebDAV PUT, REST PUT, a resumed tus upload).
/// </summary>
#pragma warning disable CA5350, CA5351 // SHA-1 and MD5 are what the tools compare
public sealed class DavSyncToolTests(DepotServer server) : IClassFixture<DepotServer>
{
    private static readonly XNamespace Oc = "http://owncloud.org/ns";

    private const string ChecksumsBody =
        "<d:propfind xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><d:getlastmodified/><d:getcontentlength/>" +
        "<d:resourcetype/><oc:checksums/><oc:permissions/></d:prop></d:propfind>";

    private static string Expected(byte[] data) =>
        $"SHA1:{Convert.ToHexStringLower(SHA1.HashData(data))} MD5:{Convert.ToHexStringLower(MD5.HashData(data))} " +
        $"SHA256:{Convert.ToHexStringLower(SHA256.HashData(data))}";

    private static async Task<(string? Checksums, string? Modified)> ReadAsync(DavSession dav, string path)
    {
        var doc = await dav.PropfindAsync(path, "0", ChecksumsBody);
        var response = DavSession.Responses(doc).Single();
        // rclone takes the first propstat's status for the whole resource: the found properties must come first.
        Assert.Contains(" 200 ", response.Elements(DavSession.D + "propstat").First().Element(DavSession.D + "status")!.Value);
        var checksum = response.Descendants(Oc + "checksums").SingleOrDefault()?.Element(Oc + "checksum")?.Value;
        return (checksum, DavSession.Prop(response, DavSession.D + "getlastmodified"));
    }

    [Fact]
    public async Task Checksums_of_the_bytes_are_served_for_webdav_rest_and_resumed_tus_uploads()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        var small = RandomNumberGenerator.GetBytes(70_001);
        Assert.Equal(HttpStatusCode.Created, (await dav.SendWithContentAsync("PUT", "/dav/dav.bin", new ByteArrayContent(small))).StatusCode);
        Assert.Equal(Expected(small), (await ReadAsync(dav, "/dav/dav.bin")).Checksums);

        var rest = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
        using (var put = await user.Http.PutAsync("/api/v1/files/rest.bin", new ByteArrayContent(rest)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        Assert.Equal(Expected(rest), (await ReadAsync(dav, "/dav/rest.bin")).Checksums);

        // A tus upload in four PATCHes, one cut at an odd offset and one refused for a bad chunk checksum in between:
        // the SHA-1/MD5 state is saved with each offset and resumed from the row, never recomputed from the blob.
        var big = RandomNumberGenerator.GetBytes(1_000_003);
        var url = await Tus.Tus.CreatedUrlAsync(user.Http, "/tus.bin", big.Length);
        long offset = 0;
        foreach (var size in new[] { 1, 333_333, 400_000, 266_669 })
        {
            var chunk = big.AsSpan((int)offset, size).ToArray();
            using (var refused = await Tus.Tus.PatchAsync(user.Http, url, offset, chunk, Tus.Tus.Sha1([.. chunk, 1])))
            {
                Assert.NotEqual(HttpStatusCode.NoContent, refused.StatusCode);
            }

            using var patched = await Tus.Tus.PatchAsync(user.Http, url, offset, chunk);
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
            offset += size;
        }

        Assert.Equal(Expected(big), (await ReadAsync(dav, "/dav/tus.bin")).Checksums);

        // A folder has none; an empty file has those of no bytes.
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("MKCOL", "/dav/dir/")).StatusCode);
        Assert.Null((await ReadAsync(dav, "/dav/dir/")).Checksums);
        Assert.Equal(HttpStatusCode.Created, (await dav.PutAsync("/dav/empty", "")).StatusCode);
        Assert.Equal(Expected([]), (await ReadAsync(dav, "/dav/empty")).Checksums);

        // A new version has the new checksums; a copy keeps them (it shares the content).
        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/dav.bin", "changed")).StatusCode);
        Assert.Equal(Expected(Encoding.UTF8.GetBytes("changed")), (await ReadAsync(dav, "/dav/dav.bin")).Checksums);
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("COPY", "/dav/tus.bin", null, ("Destination", $"{server.Address}dav/copy.bin"))).StatusCode);
        Assert.Equal(Expected(big), (await ReadAsync(dav, "/dav/copy.bin")).Checksums);
    }

    [Fact]
    public async Task A_file_stored_before_sha1_and_md5_were_kept_shows_only_its_sha256_and_gains_them_by_an_unchanged_upload()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        var data = Encoding.UTF8.GetBytes("old file");
        await dav.PutAsync("/dav/old.txt", "old file");
        var database = server.Services.GetRequiredService<Depot.Core.Data.IDatabase>();
        await using (var db = await database.OpenAsync(default))
        {
            // As a version written before migration 0014 is stored.
            await Dapper.SqlMapper.ExecuteAsync(db, "UPDATE versions SET sha1 = NULL, md5 = NULL WHERE node_id IN (SELECT id FROM nodes WHERE name = 'old.txt')");
            await Dapper.SqlMapper.ExecuteAsync(db, "UPDATE nodes SET sha1 = NULL, md5 = NULL WHERE name = 'old.txt'");
        }

        Assert.Equal("SHA256:" + Convert.ToHexStringLower(SHA256.HashData(data)), (await ReadAsync(dav, "/dav/old.txt")).Checksums);

        // The same bytes again: no new version, and the checksums taken on the way fill in what the version lacked.
        using var again = await dav.PutAsync("/dav/old.txt", "old file");
        Assert.Equal("true", again.Headers.GetValues("X-Depot-Unchanged").Single());
        Assert.Equal(Expected(data), (await ReadAsync(dav, "/dav/old.txt")).Checksums);
    }

    [Fact]
    public async Task OC_Checksum_on_put_is_verified_against_the_bytes()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        var data = Encoding.UTF8.GetBytes("checked");
        using (var ok = await dav.PutAsync("/dav/c.txt", "checked", ("OC-Checksum", "SHA1:" + Convert.ToHexString(SHA1.HashData(data)))))
        {
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using (var ignored = await dav.PutAsync("/dav/a.txt", "checked", ("OC-Checksum", "ADLER32:0d3702ba")))
        {
            Assert.Equal(HttpStatusCode.Created, ignored.StatusCode);
        }

        using (var wrong = await dav.PutAsync("/dav/c.txt", "tampered", ("OC-Checksum", "MD5:" + Convert.ToHexStringLower(MD5.HashData(data)))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("digest_mismatch", await wrong.Content.ReadAsStringAsync());
        }

        Assert.Equal("checked", await dav.Http.GetStringAsync("/dav/c.txt"));
    }

    [Fact]
    public async Task X_OC_Mtime_that_is_not_unix_seconds_is_refused_before_anything_is_stored()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        foreach (var garbage in new[] { "x", "-1", "99999999999999", "1e9", "" })
        {
            using var put = await dav.PutAsync("/dav/m.txt", "x", ("X-OC-Mtime", garbage));
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
            Assert.Contains("invalid_mtime", await put.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await dav.Http.GetAsync("/dav/m.txt")).StatusCode);
        using var ok = await dav.PutAsync("/dav/m.txt", "x", ("X-OC-Mtime", "1500000000.5"));
        Assert.Equal("accepted", ok.Headers.GetValues("X-OC-Mtime").Single());
        Assert.Equal("Fri, 14 Jul 2017 02:40:00 GMT", (await ReadAsync(dav, "/dav/m.txt")).Modified);
    }

    [Fact]
    public async Task Proppatch_sets_the_time_by_getlastmodified_owncloud_lastmodified_and_win32_and_refuses_garbage_with_409()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        var data = Encoding.UTF8.GetBytes("content");
        await dav.PutAsync("/dav/t.txt", "content");

        async Task<HttpStatusCode[]> PatchAsync(string props)
        {
            using var response = await dav.SendAsync("PROPPATCH", "/dav/t.txt",
                $"<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:schemas-microsoft-com:\" xmlns:oc=\"http://owncloud.org/ns\"><D:set><D:prop>{props}</D:prop></D:set></D:propertyupdate>");
            Assert.Equal((HttpStatusCode)207, response.StatusCode);
            var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
            return [.. DavSession.Responses(doc).Single().Elements(DavSession.D + "propstat")
                .Select(p => (HttpStatusCode)int.Parse(p.Element(DavSession.D + "status")!.Value.Split(' ')[1]))];
        }

        // rclone's form (ownCloud's DAV:lastmodified, Unix seconds), with the checksums it sends along (answered 200, not stored).
        Assert.Equal([HttpStatusCode.OK], await PatchAsync("<lastmodified xmlns=\"DAV:\">1600000000</lastmodified><oc:checksums><oc:checksum>SHA1:0000</oc:checksum></oc:checksums>"));
        var (checksums, modified) = await ReadAsync(dav, "/dav/t.txt");
        Assert.Equal("Sun, 13 Sep 2020 12:26:40 GMT", modified);
        Assert.Equal(Expected(data), checksums);

        Assert.Equal([HttpStatusCode.OK], await PatchAsync("<Z:Win32LastModifiedTime>Tue, 01 Jan 2019 10:00:00 GMT</Z:Win32LastModifiedTime>"));
        Assert.Equal("Tue, 01 Jan 2019 10:00:00 GMT", (await ReadAsync(dav, "/dav/t.txt")).Modified);
        Assert.Equal([HttpStatusCode.OK], await PatchAsync("<D:getlastmodified>Wed, 02 Jan 2019 10:00:00 GMT</D:getlastmodified>"));
        Assert.Equal("Wed, 02 Jan 2019 10:00:00 GMT", (await ReadAsync(dav, "/dav/t.txt")).Modified);

        // A value that is no time: 409 for it, 424 for the rest, nothing applied (all or nothing).
        var refused = await PatchAsync("<lastmodified xmlns=\"DAV:\">yesterday</lastmodified><D:x-other>1</D:x-other>");
        Assert.Contains(HttpStatusCode.Conflict, refused);
        Assert.Contains(HttpStatusCode.FailedDependency, refused);
        Assert.Equal([HttpStatusCode.Conflict], await PatchAsync("<Z:Win32LastModifiedTime>soon</Z:Win32LastModifiedTime>"));
        Assert.Equal("Wed, 02 Jan 2019 10:00:00 GMT", (await ReadAsync(dav, "/dav/t.txt")).Modified);

        // Moves and copies keep the time, as in Nextcloud.
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("MOVE", "/dav/t.txt", null, ("Destination", $"{server.Address}dav/u.txt"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("COPY", "/dav/u.txt", null, ("Destination", $"{server.Address}dav/v.txt"))).StatusCode);
        Assert.Equal("Wed, 02 Jan 2019 10:00:00 GMT", (await ReadAsync(dav, "/dav/u.txt")).Modified);
        Assert.Equal("Wed, 02 Jan 2019 10:00:00 GMT", (await ReadAsync(dav, "/dav/v.txt")).Modified);
    }
}
