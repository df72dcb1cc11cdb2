using System.Net;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>LOCK, UNLOCK and the If header, enforced on every write method (RFC 4918 §6–7, §9.10–9.11, §10.4).</summary>
public sealed class DavLockTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task An_exclusive_lock_blocks_every_write_without_its_token()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/d/");
        await dav.PutAsync("/dav/d/f", "x");
        await dav.PutAsync("/dav/other", "o");
        var token = await dav.LockAsync("/dav/d/f");

        Assert.Equal(HttpStatusCode.Locked, (await dav.PutAsync("/dav/d/f", "y")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("DELETE", "/dav/d/f")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("DELETE", "/dav/d/")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("MOVE", "/dav/d/f", null, ("Destination", "/dav/g"))).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("COPY", "/dav/other", null, ("Destination", "/dav/d/f"))).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("MOVE", "/dav/other", null, ("Destination", "/dav/d/f"))).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("PROPPATCH", "/dav/d/f",
            "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x xmlns=\"urn:x\">1</x></D:prop></D:set></D:propertyupdate>")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("LOCK", "/dav/d/f", DavSession.LockBody("shared"))).StatusCode);
        var body = await (await dav.PutAsync("/dav/d/f", "y")).Content.ReadAsStringAsync();
        Assert.Contains("lock-token-submitted", body);

        // COPY from a locked resource needs no token, and the copy is not locked.
        Assert.Equal(HttpStatusCode.Created, (await dav.SendAsync("COPY", "/dav/d/f", null, ("Destination", "/dav/copy"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/copy", "free")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/d/f", "y", ("If", $"(<{token}>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/d/f", "z", ("If", $"<{server.Address}dav/d/f> (<{token}>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dav.SendAsync("UNLOCK", "/dav/d/f", null, ("Lock-Token", $"<{token}>"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/d/f", "free")).StatusCode);
    }

    [Fact]
    public async Task If_header_conditions_give_412_and_a_corrupt_token_423()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        using var put = await dav.PutAsync("/dav/f", "x");
        var etag = put.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await dav.PutAsync("/dav/f", "y", ("If", "(<DAV:no-lock>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/f", "y", ("If", $"(Not <DAV:no-lock> [{etag}])"))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await dav.PutAsync("/dav/f", "z", ("If", $"([{etag}])"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.PutAsync("/dav/f", "z", ("If", "(<unterminated"))).StatusCode);

        var token = await dav.LockAsync("/dav/f");
        Assert.Equal(HttpStatusCode.Locked, (await dav.PutAsync("/dav/f", "z", ("If", $"(<{token}x>) (Not <DAV:no-lock>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await dav.PutAsync("/dav/f", "z", ("If", $"(<{token}> [\"wrong\"])"))).StatusCode);
    }

    [Fact]
    public async Task Shared_locks_coexist_and_conflict_with_exclusive_ones()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/s", "x");
        var first = await dav.LockAsync("/dav/s", "shared");
        var second = await dav.LockAsync("/dav/s", "shared");
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("LOCK", "/dav/s", DavSession.LockBody("exclusive"))).StatusCode);
        var doc = await dav.PropfindAsync("/dav/s", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/></D:prop></D:propfind>");
        Assert.Equal(2, doc.Descendants(DavSession.D + "activelock").Count());
    }

    [Fact]
    public async Task Depth_infinity_lock_on_a_folder_covers_new_members_and_refreshes_through_them()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/c/");
        var token = await dav.LockAsync("/dav/c/");
        Assert.Equal(HttpStatusCode.Locked, (await dav.PutAsync("/dav/c/new", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await dav.SendAsync("MKCOL", "/dav/c/sub/")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await dav.PutAsync("/dav/c/new", "x", ("If", $"</dav/c/> (<{token}>)"))).StatusCode);

        using var refresh = await dav.SendAsync("LOCK", "/dav/c/new", null, ("If", $"(<{token}>)"), ("Timeout", "Second-100"));
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Contains("Second-100", await refresh.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await dav.SendAsync("LOCK", "/dav/c/new", null, ("If", "(<urn:depot:nope>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await dav.SendAsync("UNLOCK", "/dav/other", null, ("Lock-Token", $"<{token}>"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("UNLOCK", "/dav/c/")).StatusCode);
    }

    [Fact]
    public async Task Locking_an_unmapped_url_creates_an_empty_file()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        var token = await dav.LockAsync("/dav/fresh.txt", expected: 201);
        using var get = await dav.Http.GetAsync("/dav/fresh.txt");
        Assert.Equal(0, get.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.Conflict, (await dav.SendAsync("LOCK", "/dav/no/such.txt", DavSession.LockBody("exclusive"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dav.SendAsync("DELETE", "/dav/fresh.txt", null, ("If", $"(<{token}>)"))).StatusCode);
        // The delete released the lock with the resource.
        Assert.Equal(HttpStatusCode.Created, (await dav.PutAsync("/dav/fresh.txt", "again")).StatusCode);
    }
}
