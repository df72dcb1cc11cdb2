using System.Net;
using System.Net.Http.Headers;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>The WebDAV methods and the RFC 4918 statuses Depot relies on, over real sockets.</summary>
public sealed class DavMethodTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Options_announces_classes_1_and_2_without_authentication()
    {
        using var http = server.CreateHttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/dav/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1, 2", response.Headers.GetValues("DAV").Single());
        Assert.Contains("PROPFIND", response.Content.Headers.Allow);
        Assert.Contains("LOCK", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Root_answers_propfind_with_and_without_trailing_slash()
    {
        using var user = await server.CreateUserAsync(quotaBytes: 1_000_000);
        using var dav = DavSession.For(server, user);
        foreach (var path in new[] { "/dav", "/dav/" })
        {
            var doc = await dav.PropfindAsync(path, "0",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/><D:quota-used-bytes/><D:quota-available-bytes/><D:nope/></D:prop></D:propfind>");
            var response = Assert.Single(DavSession.Responses(doc));
            Assert.Equal("/dav/", response.Element(DavSession.D + "href")!.Value);
            Assert.Equal("0", DavSession.Prop(response, DavSession.D + "quota-used-bytes"));
            Assert.Equal("1000000", DavSession.Prop(response, DavSession.D + "quota-available-bytes"));
            Assert.Contains(response.Elements(DavSession.D + "propstat"),
                p => p.Element(DavSession.D + "status")!.Value.Contains("404") && p.Descendants(DavSession.D + "nope").Any());
        }
    }

    [Fact]
    public async Task Propfind_depth_infinity_is_refused_with_the_finite_depth_precondition()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        foreach (var depth in new[] { "infinity", null })
        {
            using var response = depth is null ? await dav.SendAsync("PROPFIND", "/dav/") : await dav.SendAsync("PROPFIND", "/dav/", null, ("Depth", depth));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("propfind-finite-depth", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Mkcol_statuses()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("MKCOL", "/dav/a/")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await dav.SendAsync("MKCOL", "/dav/a/")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await dav.SendAsync("MKCOL", "/dav/missing/b/")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await dav.SendAsync("MKCOL", "/dav/c/", "<x/>")).StatusCode);
        // HttpClient would resolve the dot segment itself; the server reads the raw target and refuses it.
        Assert.Equal(400, (await Files.RawHttp.SendAsync(server.Address, "MKCOL", "/dav/a/%2e%2e/", user.Token)).Status);
    }

    [Fact]
    public async Task Put_get_with_ranges_and_delete_to_trash()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        using var created = await dav.PutAsync("/dav/f.txt", "0123456789");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.ETag);
        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/f.txt", "abcdefghij")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await dav.PutAsync("/dav/nope/f.txt", "x")).StatusCode);
        await dav.SendAsync("MKCOL", "/dav/dir/");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await dav.PutAsync("/dav/dir", "x")).StatusCode);
        // Without a declared length the upload's checks refuse it before the body is read; the folder stays a folder.
        using var chunkedOntoFolder = new HttpRequestMessage(HttpMethod.Put, "/dav/dir") { Content = new StringContent("y") };
        chunkedOntoFolder.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await dav.Http.SendAsync(chunkedOntoFolder)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await dav.PutAsync("/dav/dir/", "x")).StatusCode);
        Assert.Equal(207, (int)(await dav.SendAsync("PROPFIND", "/dav/dir/", null, ("Depth", "0"))).StatusCode);
        // A partial PUT is refused rather than stored as the whole file.
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendWithContentAsync("PUT", "/dav/f.txt",
            new StringContent("zz") { Headers = { ContentRange = new ContentRangeHeaderValue(0, 1, 10) } })).StatusCode);

        using var range = new HttpRequestMessage(HttpMethod.Get, "/dav/f.txt");
        range.Headers.Range = new RangeHeaderValue(2, 4);
        using var partial = await dav.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("cde", await partial.Content.ReadAsStringAsync());
        using var head = await dav.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/dav/f.txt"));
        Assert.Equal(10, head.Content.Headers.ContentLength);

        Assert.Equal(HttpStatusCode.NoContent, (await dav.SendAsync("DELETE", "/dav/f.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dav.SendAsync("DELETE", "/dav/f.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dav.SendAsync("DELETE", "/dav/")).StatusCode);
        // Deleted means trashed, as in REST: restorable, and the previous versions with it.
        var trash = await user.Http.GetStringAsync("/api/v1/trash");
        Assert.Contains("f.txt", trash);
    }

    [Fact]
    public async Task Chunked_put_without_content_length_creates_a_version_like_rest()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        var content = new StreamContent(new MemoryStream(new byte[70_000]));
        var request = new HttpRequestMessage(HttpMethod.Put, "/dav/chunked.bin") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await dav.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await dav.SendWithContentAsync("PUT", "/dav/chunked.bin", new ByteArrayContent(new byte[5]));
        var versions = await user.Http.GetStringAsync("/api/v1/versions/chunked.bin");
        Assert.Contains("70000", versions);
        Assert.Contains("\"size\":5", versions);
    }

    [Fact]
    public async Task Quota_exceeded_is_507()
    {
        using var user = await server.CreateUserAsync(quotaBytes: 10);
        using var dav = DavSession.For(server, user);
        Assert.Equal(HttpStatusCode.InsufficientStorage, (await dav.PutAsync("/dav/big", "more than ten bytes")).StatusCode);
    }

    [Fact]
    public async Task Propfind_depth_1_pages_through_a_large_folder()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/many/");
        // More than one listing page (1000). One after another: concurrent writers only queue on SQLite's write lock.
        for (var i = 0; i < 1200; i++)
        {
            (await user.Http.PostAsync($"/api/v1/folders/many/d{i:D4}", null)).EnsureSuccessStatusCode();
        }

        var doc = await dav.PropfindAsync("/dav/many/", "1", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>");
        var hrefs = DavSession.Responses(doc).Select(r => r.Element(DavSession.D + "href")!.Value).ToList();
        Assert.Equal(1201, hrefs.Count);
        Assert.Equal(1201, hrefs.Distinct().Count());
        Assert.Contains("/dav/many/d1199/", hrefs);
    }

    [Fact]
    public async Task Resource_fork_files_are_stored_like_any_file()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        Assert.Equal(HttpStatusCode.Created, (await dav.PutAsync("/dav/._photo.jpg", "fork")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await dav.PutAsync("/dav/.DS_Store", "ds")).StatusCode);
        Assert.Equal("fork", await dav.Http.GetStringAsync("/dav/._photo.jpg"));
    }

    [Fact]
    public async Task X_OC_Mtime_sets_the_modified_time()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        using var put = await dav.PutAsync("/dav/m.txt", "x", ("X-OC-Mtime", "1500000000"));
        Assert.Equal("accepted", put.Headers.GetValues("X-OC-Mtime").Single());
        var doc = await dav.PropfindAsync("/dav/m.txt", "0");
        Assert.Equal("Fri, 14 Jul 2017 02:40:00 GMT", DavSession.Prop(DavSession.Responses(doc).Single(), DavSession.D + "getlastmodified"));
        using var get = await dav.Http.GetAsync("/dav/m.txt");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_500_000_000), get.Content.Headers.LastModified);
    }
}
