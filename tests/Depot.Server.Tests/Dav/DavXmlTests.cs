using System.Net;
using System.Text;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>Hostile XML is refused before it costs anything: DTDs (entity expansion, external entities) and huge bodies.</summary>
public sealed class DavXmlTests(DepotServer server) : IClassFixture<DepotServer>
{
    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&lol3;</D:displayname></D:prop></D:propfind>
        """;

    private const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><Z:p xmlns:Z="urn:z">&xxe;</Z:p></D:prop></D:set></D:propertyupdate>
        """;

    [Fact]
    public async Task Entity_expansion_and_external_entities_are_400()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/f", "x");
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPFIND", "/dav/f", BillionLaughs, ("Depth", "0"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPPATCH", "/dav/f", ExternalEntity)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("LOCK", "/dav/f", BillionLaughs)).StatusCode);
    }

    [Fact]
    public async Task Malformed_and_wrong_documents_are_400()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPFIND", "/dav/", "<D:propfind xmlns:D=\"DAV:\"><D:prop>", ("Depth", "0"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPFIND", "/dav/", "<other/>", ("Depth", "0"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPPATCH", "/dav/", "<D:propfind xmlns:D=\"DAV:\"/>")).StatusCode);
    }

    [Fact]
    public async Task Bodies_over_one_mebibyte_are_refused_declared_or_chunked()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        var huge = "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:p xmlns:Z=\"urn:z\">" + new string('a', 1_100_000) +
            "</Z:p></D:prop></D:set></D:propertyupdate>";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await dav.SendAsync("PROPPATCH", "/dav/", huge)).StatusCode);

        // Chunked, just past the limit: the server answers after reading 1 MiB, while the client may still be sending;
        // if it closes the connection before the client reads the answer, the body was refused all the same.
        var justOver = "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:p xmlns:Z=\"urn:z\">" + new string('a', (1 << 20) + 16) +
            "</Z:p></D:prop></D:set></D:propertyupdate>";
        using var chunked = new HttpRequestMessage(new HttpMethod("PROPPATCH"), "/dav/")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(justOver))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        try
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await dav.Http.SendAsync(chunked)).StatusCode);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // Connection closed mid-upload: refused, not stored.
        }

        Assert.DoesNotContain("urn:z", await (await dav.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"))).Content.ReadAsStringAsync());
    }

    private static string Nested(int depth) =>
        string.Concat(Enumerable.Repeat("<Z:n>", depth)) + "v" + string.Concat(Enumerable.Repeat("</Z:n>", depth));

    private static string Proppatch(string value) =>
        $"<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop><Z:p>{value}</Z:p></D:prop></D:set></D:propertyupdate>";

    private static string Lock(string owner) =>
        "<D:lockinfo xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>" +
        $"<D:owner>{owner}</D:owner></D:lockinfo>";

    [Fact]
    public async Task Bodies_nested_50000_deep_are_400_on_every_method()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/deep", "x");
        var deep = Nested(50_000);

        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPPATCH", "/dav/deep", Proppatch(deep))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("LOCK", "/dav/deep", Lock(deep))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPFIND", "/dav/deep",
            $"<D:propfind xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:prop>{deep}</D:prop></D:propfind>", ("Depth", "0"))).StatusCode);

        // Nothing was stored: no lock holds the file, no property was set.
        Assert.Equal(HttpStatusCode.NoContent, (await dav.PutAsync("/dav/deep", "y")).StatusCode);
        var props = await dav.PropfindAsync("/dav/deep", "0", Propfind);
        Assert.Null(DavSession.Prop(DavSession.Responses(props).Single(), Z + "p"));
    }

    [Fact]
    public async Task A_property_value_may_nest_32_levels_but_not_33()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/levels", "x");

        Assert.Equal(207, (int)(await dav.SendAsync("PROPPATCH", "/dav/levels", Proppatch(Nested(32)))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPPATCH", "/dav/levels", Proppatch(Nested(33)))).StatusCode);
        var props = await dav.PropfindAsync("/dav/levels", "0", Propfind);
        Assert.Equal("v", DavSession.Prop(DavSession.Responses(props).Single(), Z + "p"));
    }

    [Fact]
    public async Task Oversized_property_values_and_lock_owners_are_400()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.PutAsync("/dav/big", "x");

        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("PROPPATCH", "/dav/big", Proppatch(new string('p', 65 * 1024)))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dav.SendAsync("LOCK", "/dav/big", Lock(new string('o', 5000)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dav.SendAsync("LOCK", "/dav/big", Lock("<D:href>mailto:someone@example.com</D:href>"))).StatusCode);
    }

    private static readonly System.Xml.Linq.XNamespace Z = "urn:z";

    private const string Propfind = "<D:propfind xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:prop><Z:p/></D:prop></D:propfind>";
}
