using System.Net;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>COPY, MOVE and dead properties (RFC 4918 §9.2, §9.8, §9.9).</summary>
public sealed class DavCopyMoveTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    private const string SetColor =
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:test\"><D:set><D:prop><Z:color xml:lang=\"en\">red <Z:b>bold</Z:b></Z:color></D:prop></D:set></D:propertyupdate>";

    private const string GetColor = "<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:color xmlns:Z=\"urn:test\"/></D:prop></D:propfind>";

    [Fact]
    public async Task Overwrite_F_on_an_existing_destination_is_412_and_T_replaces_it()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/a.txt", "a");
        await dav.PutAsync("/dav/b.txt", "b");
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await dav.SendAsync("COPY", "/dav/a.txt", null, ("Destination", "/dav/b.txt"), ("Overwrite", "F"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await dav.SendAsync("COPY", "/dav/a.txt", null, ("Destination", "/dav/b.txt"), ("Overwrite", "T"))).StatusCode);
        Assert.Equal("a", await dav.Http.GetStringAsync("/dav/b.txt"));
        Assert.Equal(HttpStatusCode.Created,
            (await dav.SendAsync("MOVE", "/dav/a.txt", null, ("Destination", $"{server.Address}dav/c.txt"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dav.Http.GetAsync("/dav/a.txt")).StatusCode);
    }

    [Fact]
    public async Task A_folder_replaces_a_folder_with_Overwrite_T()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/src/");
        await dav.PutAsync("/dav/src/in.txt", "in");
        await dav.SendAsync("MKCOL", "/dav/dst/");
        await dav.PutAsync("/dav/dst/old.txt", "old");
        Assert.Equal(HttpStatusCode.NoContent, (await dav.SendAsync("MOVE", "/dav/src/", null, ("Destination", "/dav/dst/"))).StatusCode);
        Assert.Equal("in", await dav.Http.GetStringAsync("/dav/dst/in.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await dav.Http.GetAsync("/dav/dst/old.txt")).StatusCode);
    }

    [Fact]
    public async Task Copy_depth_0_copies_a_folder_without_members_and_depth_1_is_refused()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/f/");
        await dav.PutAsync("/dav/f/x", "x");
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("COPY", "/dav/f/", null, ("Destination", "/dav/g/"), ("Depth", "0"))).StatusCode);
        var doc = await dav.PropfindAsync("/dav/g/", "1");
        Assert.Single(DavSession.Responses(doc));
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("COPY", "/dav/f/", null, ("Destination", "/dav/h/"), ("Depth", "1"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("MOVE", "/dav/f/", null, ("Destination", "/dav/h/"), ("Depth", "0"))).StatusCode);
    }

    [Fact]
    public async Task Cross_server_destination_is_502_and_onto_itself_is_403()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/a", "a");
        Assert.Equal(HttpStatusCode.BadGateway,
            (await dav.SendAsync("COPY", "/dav/a", null, ("Destination", "http://elsewhere.example/dav/a"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dav.SendAsync("COPY", "/dav/a", null, ("Destination", "/dav/A"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await dav.SendAsync("COPY", "/dav/a", null, ("Destination", "/dav/no/a"))).StatusCode);
        await dav.SendAsync("MKCOL", "/dav/d/");
        Assert.Equal(HttpStatusCode.Forbidden, (await dav.SendAsync("MOVE", "/dav/d/", null, ("Destination", "/dav/d/inner/"))).StatusCode);
        // A case-only rename is a move onto itself, and allowed.
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("MOVE", "/dav/a", null, ("Destination", "/dav/A"))).StatusCode);
    }

    [Fact]
    public async Task Unicode_destinations_and_source_conditions()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        using var put = await dav.PutAsync("/dav/a", "a");
        var target = $"{server.Address}dav/{Uri.EscapeDataString("résumé & co.txt")}";
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await dav.SendAsync("MOVE", "/dav/a", null, ("Destination", target), ("If-Match", "\"stale\""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await dav.SendAsync("MOVE", "/dav/a", null, ("Destination", target), ("If-Match", put.Headers.ETag!.Tag))).StatusCode);
        Assert.Equal("a", await dav.Http.GetStringAsync("/dav/r%C3%A9sum%C3%A9%20%26%20co.txt"));
    }

    [Fact]
    public async Task Dead_properties_persist_across_move_and_are_duplicated_by_copy()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/p/");
        await dav.PutAsync("/dav/p/file", "x");
        Assert.Equal(207, (int)(await dav.SendAsync("PROPPATCH", "/dav/p/file", SetColor)).StatusCode);
        Assert.Equal(207, (int)(await dav.SendAsync("PROPPATCH", "/dav/p/", SetColor)).StatusCode);

        await dav.SendAsync("MOVE", "/dav/p/", null, ("Destination", "/dav/q/"));
        await dav.SendAsync("COPY", "/dav/q/", null, ("Destination", "/dav/r/"));
        foreach (var path in new[] { "/dav/q/", "/dav/q/file", "/dav/r/", "/dav/r/file" })
        {
            var doc = await dav.PropfindAsync(path, "0", GetColor);
            Assert.Equal("red bold", DavSession.Prop(DavSession.Responses(doc).Single(), "{urn:test}color"));
        }

        // Removing on the copy leaves the original alone.
        await dav.SendAsync("PROPPATCH", "/dav/r/file",
            "<D:propertyupdate xmlns:D=\"DAV:\"><D:remove><D:prop><Z:color xmlns:Z=\"urn:test\"/></D:prop></D:remove></D:propertyupdate>");
        Assert.Null(DavSession.Prop(DavSession.Responses(await dav.PropfindAsync("/dav/r/file", "0", GetColor)).Single(), "{urn:test}color"));
        Assert.NotNull(DavSession.Prop(DavSession.Responses(await dav.PropfindAsync("/dav/q/file", "0", GetColor)).Single(), "{urn:test}color"));
    }

    [Fact]
    public async Task Proppatch_of_a_protected_property_fails_all_with_403_and_424()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/f", "x");
        using var response = await dav.SendAsync("PROPPATCH", "/dav/f",
            "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:test\"><D:set><D:prop><D:getetag>\"x\"</D:getetag><Z:a>1</Z:a></D:prop></D:set></D:propertyupdate>");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(207, (int)response.StatusCode);
        Assert.Contains("403 Forbidden", body);
        Assert.Contains("424 Failed Dependency", body);
        Assert.Null(DavSession.Prop(DavSession.Responses(await dav.PropfindAsync("/dav/f", "0",
            "<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:a xmlns:Z=\"urn:test\"/></D:prop></D:propfind>")).Single(), "{urn:test}a"));

        using var mtime = await dav.SendAsync("PROPPATCH", "/dav/f",
            "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:getlastmodified>Mon, 01 Jan 2001 00:00:00 GMT</D:getlastmodified></D:prop></D:set></D:propertyupdate>");
        Assert.Contains("200 OK", await mtime.Content.ReadAsStringAsync());
        Assert.Equal("Mon, 01 Jan 2001 00:00:00 GMT",
            DavSession.Prop(DavSession.Responses(await dav.PropfindAsync("/dav/f", "0")).Single(), DavSession.D + "getlastmodified"));
    }
}
