using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Depot.Protocol;
using Depot.Protocol.Groups;
using Depot.Protocol.Sharing;
using Depot.Testing;

namespace Depot.System.Tests.Operations;

/// <summary>
/// A bit of everything a real installation holds, made and later checked through the public API only (REST, WebDAV,
/// public links): users, files in folders with versions, trash, a group, shares to a user and a group, a link, a
/// WebDAV lock and a dead property. Checking it against another server proves that server holds the same metadata.
/// </summary>
internal sealed class InstallationContent
{
    private const string Namespace = "urn:depot-migrate-test";
    private readonly byte[] _deep = RandomNumberGenerator.GetBytes(200_000);

    public required TestUser Alice { get; init; }

    public required TestUser Bob { get; init; }

    public required string Group { get; init; }

    public string LinkToken { get; private set; } = "";

    public string LockToken { get; private set; } = "";

    public static async Task<InstallationContent> CreateAsync(TestAccounts accounts)
    {
        var content = new InstallationContent
        {
            Alice = await accounts.CreateUserAsync(quotaBytes: 10_000_000),
            Bob = await accounts.CreateUserAsync(),
            Group = $"g{Guid.NewGuid():N}"[..20],
        };
        await content.FillAsync(accounts);
        return content;
    }

    private async Task FillAsync(TestAccounts accounts)
    {
        var alice = Alice.Http;
        await PutAsync(alice, "docs/report.txt", "first draft");
        await PutAsync(alice, "docs/report.txt", "final report");
        await PutAsync(alice, "docs/sub/deep.bin", _deep);
        await PutAsync(alice, "old/gone.txt", "deleted but kept");
        (await alice.DeleteAsync("/api/v1/files/old/gone.txt")).EnsureSuccessStatusCode();

        using var admin = await accounts.CreateAdminHttpClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(Group), DepotJsonContext.Default.CreateGroupRequest)).EnsureSuccessStatusCode();
        (await admin.PutAsync($"/api/v1/groups/{Group}/members/{Bob.Username}", null)).EnsureSuccessStatusCode();
        (await alice.PostAsJsonAsync("/api/v1/shares", new CreateShareRequest("/docs", Bob.Username, null, "editor", null),
            DepotJsonContext.Default.CreateShareRequest)).EnsureSuccessStatusCode();
        (await alice.PostAsJsonAsync("/api/v1/shares", new CreateShareRequest("/docs/sub", null, Group, "viewer", null),
            DepotJsonContext.Default.CreateShareRequest)).EnsureSuccessStatusCode();
        using var link = await alice.PostAsJsonAsync("/api/v1/links", new CreateLinkRequest("/docs/report.txt", "read"),
            DepotJsonContext.Default.CreateLinkRequest);
        link.EnsureSuccessStatusCode();
        LinkToken = (await link.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedLinkInfo))!.Token;

        using var proppatch = await alice.SendAsync(Dav("PROPPATCH", "docs/report.txt", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <D:propertyupdate xmlns:D="DAV:" xmlns:Z="{Namespace}"><D:set><D:prop><Z:colour>teal ✓</Z:colour></D:prop></D:set></D:propertyupdate>
            """));
        Assert.Equal(HttpStatusCode.MultiStatus, proppatch.StatusCode);
        using var lockRequest = Dav("LOCK", "docs/sub/deep.bin", """
            <?xml version="1.0" encoding="utf-8"?>
            <D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>migration test</D:owner></D:lockinfo>
            """);
        lockRequest.Headers.TryAddWithoutValidation("Timeout", "Second-3600");
        using var locked = await alice.SendAsync(lockRequest);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        LockToken = locked.Headers.GetValues("Lock-Token").Single().Trim('<', '>');
    }

    /// <summary>Everything made above, seen through the API of <paramref name="server"/> (signing in again with the old passwords).</summary>
    public async Task AssertPresentAsync(TestAccounts server, Func<HttpClient> anonymous)
    {
        using var alice = server.CreateHttpClient(await server.SignInAsync(Alice.Username, Alice.Password));
        using var bob = server.CreateHttpClient(await server.SignInAsync(Bob.Username, Bob.Password));

        Assert.Equal("final report", await alice.GetStringAsync("/api/v1/files/docs/report.txt"));
        using (var deep = await alice.GetAsync("/api/v1/files/docs/sub/deep.bin"))
        {
            deep.EnsureSuccessStatusCode();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_deep)), deep.Headers.ETag!.Tag.Trim('"'));
            await using var body = await deep.Content.ReadAsStreamAsync();
            Assert.Equal(SHA256.HashData(_deep), await SHA256.HashDataAsync(body));
        }

        var versions = await JsonAsync(alice, "/api/v1/versions/docs/report.txt");
        Assert.Equal(2, versions.GetArrayLength());
        var trash = await JsonAsync(alice, "/api/v1/trash");
        Assert.Contains(trash.GetProperty("items").EnumerateArray(), i => i.GetProperty("originalPath").GetString() == "/old/gone.txt");
        var me = await JsonAsync(alice, "/api/v1/me");
        Assert.Equal(10_000_000, me.GetProperty("quotaBytes").GetInt64());
        Assert.Equal("final report".Length + "first draft".Length + _deep.Length + "deleted but kept".Length, me.GetProperty("usedBytes").GetInt64());

        var incoming = await JsonAsync(bob, "/api/v1/shares/incoming");
        Assert.Equal(["docs", "sub"], incoming.EnumerateArray().Select(s => s.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var groups = await JsonAsync(bob, "/api/v1/me/groups");
        Assert.Contains(groups.EnumerateArray(), g => g.GetProperty("name").GetString() == Group);

        using var visitor = anonymous();
        using var viaLink = new HttpRequestMessage(HttpMethod.Get, $"/s/{LinkToken}");
        viaLink.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        using var linked = await visitor.SendAsync(viaLink);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal("final report", await linked.Content.ReadAsStringAsync());

        using var propfind = await alice.SendAsync(Dav("PROPFIND", "docs/report.txt", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <D:propfind xmlns:D="DAV:" xmlns:Z="{Namespace}"><D:prop><Z:colour/></D:prop></D:propfind>
            """, depth: "0"));
        Assert.Contains("teal ✓", await propfind.Content.ReadAsStringAsync());
        // The lock still holds: a write without its token is refused, one with it passes.
        using var blocked = await alice.PutAsync("/dav/docs/sub/deep.bin", new ByteArrayContent("x"u8.ToArray()));
        Assert.Equal((HttpStatusCode)423, blocked.StatusCode);
        using var unlock = new HttpRequestMessage(new HttpMethod("UNLOCK"), "/dav/docs/sub/deep.bin");
        unlock.Headers.TryAddWithoutValidation("Lock-Token", $"<{LockToken}>");
        Assert.Equal(HttpStatusCode.NoContent, (await alice.SendAsync(unlock)).StatusCode);
    }

    private static async Task PutAsync(HttpClient http, string path, string text) => await PutAsync(http, path, Encoding.UTF8.GetBytes(text));

    private static async Task PutAsync(HttpClient http, string path, byte[] bytes)
    {
        using var put = await http.PutAsync($"/api/v1/files/{path}?parents=true", new ByteArrayContent(bytes));
        put.EnsureSuccessStatusCode();
    }

    private static HttpRequestMessage Dav(string method, string path, string xml, string? depth = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/dav/{path}")
        {
            Content = new StringContent(xml, Encoding.UTF8, "application/xml"),
        };
        if (depth is not null)
        {
            request.Headers.TryAddWithoutValidation("Depth", depth);
        }

        return request;
    }

    private static async Task<JsonElement> JsonAsync(HttpClient http, string route)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(route));
        return document.RootElement.Clone();
    }
}
