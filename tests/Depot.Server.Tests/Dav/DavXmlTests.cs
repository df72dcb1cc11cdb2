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
}
