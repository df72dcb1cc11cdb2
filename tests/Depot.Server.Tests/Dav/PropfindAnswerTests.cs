using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>
/// What a Depth 1 PROPFIND writes for each member, now that the multistatus is encoded by hand: URLs escaped as
/// <see cref="Uri.EscapeDataString(string)"/> escapes them, text escaped, dates in their formats, entity-tags quoted,
/// stored and locked properties in place, and named properties split into found (200) and missing (404).
/// </summary>
public sealed class PropfindAnswerTests(DepotServer server) : IClassFixture<DepotServer>
{
    private static readonly XNamespace D = DavSession.D;
    private static readonly XNamespace Oc = "http://owncloud.org/ns";

    // Markup, quotes, a percent, a space, a letter outside ASCII and one outside the BMP: every escaping rule at once.
    private const string OddName = "a&b<c>d \"q\" 'r' 50% é 😀.txt";

    [Fact]
    public async Task Member_urls_and_names_are_escaped_and_values_formatted()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/box/");
        await dav.SendAsync("MKCOL", "/dav/box/sub%20dir/");
        const string content = "hello";
        Assert.True((await dav.PutAsync("/dav/box/" + Uri.EscapeDataString(OddName), content)).IsSuccessStatusCode);

        var doc = await dav.PropfindAsync("/dav/box/", "1");
        var responses = DavSession.Responses(doc).ToDictionary(r => r.Element(D + "href")!.Value);
        Assert.Equal(["/dav/box/", "/dav/box/" + Uri.EscapeDataString(OddName), "/dav/box/sub%20dir/"], responses.Keys.Order(StringComparer.Ordinal));

        var file = responses["/dav/box/" + Uri.EscapeDataString(OddName)];
        Assert.Equal(OddName, DavSession.Prop(file, D + "displayname"));
        Assert.Equal("5", DavSession.Prop(file, D + "getcontentlength"));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        Assert.Equal($"\"{sha256}\"", DavSession.Prop(file, D + "getetag"));
        Assert.True(DateTimeOffset.TryParseExact(DavSession.Prop(file, D + "getlastmodified"), "R", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var modified));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", DavSession.Prop(file, D + "creationdate"));
        // A new file is created and modified at one instant: both dates name its second, in UTC.
        Assert.Equal(modified, DateTimeOffset.Parse(DavSession.Prop(file, D + "creationdate")!, CultureInfo.InvariantCulture));
        Assert.Empty(Prop(file, D + "resourcetype")!.Elements());
        Assert.Equal(2, Prop(file, D + "supportedlock")!.Elements(D + "lockentry").Count());
        Assert.Empty(Prop(file, D + "lockdiscovery")!.Elements());

        var folder = responses["/dav/box/sub%20dir/"];
        Assert.Equal("sub dir", DavSession.Prop(folder, D + "displayname"));
        Assert.NotNull(Prop(folder, D + "resourcetype")!.Element(D + "collection"));
        Assert.Null(Prop(folder, D + "getcontentlength"));
        Assert.Matches("^\"[^\"]+-[0-9]+\"$", DavSession.Prop(folder, D + "getetag"));
    }

    [Fact]
    public async Task Named_properties_split_into_found_and_missing_with_checksums_only_on_files()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/named/");
        await dav.SendAsync("MKCOL", "/dav/named/inner/");
        await dav.PutAsync("/dav/named/f.txt", "abc");
        await dav.SendAsync("PROPPATCH", "/dav/named/f.txt",
            "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop><Z:color a=\"1\">red &amp; <Z:x/></Z:color></D:prop></D:set></D:propertyupdate>");

        var doc = await dav.PropfindAsync("/dav/named/", "1",
            "<D:propfind xmlns:D=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\" xmlns:Z=\"urn:z\"><D:prop><oc:checksums/><Z:color/>" +
            "<D:getcontentlength/><Z:none/><plain/></D:prop></D:propfind>");
        var responses = DavSession.Responses(doc).ToDictionary(r => r.Element(D + "href")!.Value);

        var file = responses["/dav/named/f.txt"];
        var sums = Prop(file, Oc + "checksums")!.Element(Oc + "checksum")!.Value.Split(' ');
        // The digests of "abc" (FIPS 180 and RFC 1321 test vectors), in Nextcloud's order.
        Assert.Equal(
            ["SHA1:a9993e364706816aba3e25717850c26c9cd0d89d", "MD5:900150983cd24fb0d6963f7d28e17f72",
             "SHA256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"], sums);
        var color = Prop(file, XName.Get("color", "urn:z"))!;
        Assert.Equal("1", color.Attribute("a")!.Value);
        Assert.Equal("red & ", color.Value);
        Assert.NotNull(color.Element(XName.Get("x", "urn:z")));
        Assert.Equal(["none", "plain"], Missing(file));

        var inner = responses["/dav/named/inner/"];
        Assert.Equal(["checksums", "color", "getcontentlength", "none", "plain"], Missing(inner));
        Assert.Single(inner.Elements(D + "propstat"));   // nothing found: no empty 200 group
    }

    [Fact]
    public async Task A_listing_shows_each_members_locks_and_stored_properties()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/locked/");
        await dav.PutAsync("/dav/locked/one.txt", "1");
        await dav.PutAsync("/dav/locked/two.txt", "2");
        var token = await dav.LockAsync("/dav/locked/two.txt", depth: "0");

        var doc = await dav.PropfindAsync("/dav/locked/", "1");
        var responses = DavSession.Responses(doc).ToDictionary(r => r.Element(D + "href")!.Value);
        Assert.Empty(Prop(responses["/dav/locked/one.txt"], D + "lockdiscovery")!.Elements());
        var active = Assert.Single(Prop(responses["/dav/locked/two.txt"], D + "lockdiscovery")!.Elements(D + "activelock"));
        Assert.Equal(token, active.Element(D + "locktoken")!.Element(D + "href")!.Value);
        Assert.Equal("/dav/locked/two.txt", active.Element(D + "lockroot")!.Element(D + "href")!.Value);
        Assert.Equal("0", active.Element(D + "depth")!.Value);
        Assert.NotNull(active.Element(D + "lockscope")!.Element(D + "exclusive"));
        Assert.Equal("mailto:test@example.com", active.Element(D + "owner")!.Element(D + "href")!.Value);
        Assert.Matches("^Second-[0-9]+$", active.Element(D + "timeout")!.Value);
    }

    [Fact]
    public async Task A_folder_of_several_pages_lists_every_member_once_in_order_with_its_own_properties_and_locks()
    {
        // PROPFIND reads 1,000 members a page, the next page while it writes one: members on later pages must keep their
        // order, their stored properties and their locks.
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await dav.SendAsync("MKCOL", "/dav/big/");
        var names = Enumerable.Range(0, 2_105).Select(i => $"m{i:D4}").ToList();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, _) =>
            Assert.Equal(201, (int)(await dav.SendAsync("MKCOL", $"/dav/big/{name}/")).StatusCode));
        const string SetColor =
            "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:test\"><D:set><D:prop><Z:color>{0}</Z:color></D:prop></D:set></D:propertyupdate>";
        string[] colored = ["m0003", "m1500", "m2104"];
        foreach (var name in colored)
        {
            Assert.Equal(207, (int)(await dav.SendAsync("PROPPATCH", $"/dav/big/{name}/", string.Format(CultureInfo.InvariantCulture, SetColor, name))).StatusCode);
        }

        var token = await dav.LockAsync("/dav/big/m2001/", depth: "0");

        // A client that leaves after the first bytes: the page being read ahead is abandoned, and the next PROPFIND is whole.
        using (var request = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/big/") { Headers = { { "Depth", "1" } } })
        using (var left = await dav.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(207, (int)left.StatusCode);
            await using var body = await left.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[1024]) > 0);
        }

        var responses = DavSession.Responses(await dav.PropfindAsync("/dav/big/", "1")).ToList();
        Assert.Equal(["/dav/big/", .. names.Select(n => $"/dav/big/{n}/")], responses.Select(r => r.Element(D + "href")!.Value));
        XNamespace z = "urn:test";
        var byHref = responses.ToDictionary(r => r.Element(D + "href")!.Value);
        foreach (var name in names)
        {
            var color = Prop(byHref[$"/dav/big/{name}/"], z + "color");
            Assert.Equal(colored.Contains(name) ? name : null, color?.Value);
            var locks = Prop(byHref[$"/dav/big/{name}/"], D + "lockdiscovery")!.Elements(D + "activelock").ToList();
            Assert.Equal(name == "m2001" ? [token] : [], locks.Select(l => l.Element(D + "locktoken")!.Element(D + "href")!.Value));
        }
    }

    private static XElement? Prop(XElement response, XName name) =>
        response.Elements(D + "propstat").Where(p => p.Element(D + "status")!.Value == "HTTP/1.1 200 OK")
            .Select(p => p.Element(D + "prop")!.Element(name)).FirstOrDefault(e => e is not null);

    private static List<string> Missing(XElement response) =>
        [.. response.Elements(D + "propstat").Where(p => p.Element(D + "status")!.Value == "HTTP/1.1 404 Not Found")
            .SelectMany(p => p.Element(D + "prop")!.Elements()).Select(e => e.Name.LocalName)];
}
