using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Server.Tests.Dav;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Files;

/// <summary>
/// <c>GET /api/v1/folders/{path}?folders=first&amp;details=true</c>: folders before files across keyset pages, and each
/// item's details (folder size, shared, linked, locked), asserted on the raw JSON. Details say only what the caller may
/// know: someone who mounted a shared folder never learns of the owner's shares or links.
/// </summary>
public sealed class ListingDetailsTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Theory]
    [InlineData("name", "asc", "b,d,a.txt,c.txt")]
    [InlineData("size", "desc", "d,b,c.txt,a.txt")]
    public async Task Folders_come_first_on_every_page_in_any_order(string sort, string order, string expected)
    {
        using var user = await server.CreateUserAsync();
        await user.Http.MkdirAsync("/f");
        await user.Http.PutFileAsync("/f/a.txt", "1");
        await user.Http.PutFileAsync("/f/c.txt", "333");
        await user.Http.MkdirAsync("/f/b");
        await user.Http.MkdirAsync("/f/d");

        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(user.Http, $"/api/v1/folders/f?folders=first&sort={sort}&order={order}&limit=1" +
                (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            names.AddRange(page["items"]!.AsArray().Select(i => (string)i!["name"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(expected, string.Join(',', names));
    }

    [Fact]
    public async Task Details_give_folder_sizes_sharing_and_locks_to_the_owner_only()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/docs");
        await owner.Http.MkdirAsync("/docs/sub");
        await owner.Http.PutFileAsync("/docs/x.txt", "abc");
        await owner.Http.PutFileAsync("/docs/sub/y.txt", "hello");
        await owner.Http.PutFileAsync("/docs/sub/gone.txt", "not counted once in the trash");
        await AssertStatusAsync(await owner.Http.DeleteAsync("/api/v1/files/docs/sub/gone.txt"), HttpStatusCode.NoContent);
        await owner.Http.PutFileAsync("/notes.txt", "n");
        await owner.Http.MkdirAsync("/empty");
        await owner.Http.ShareOkAsync("/notes.txt", bob.Username, Roles.Viewer);
        var docs = await owner.Http.ShareOkAsync("/docs", bob.Username, Roles.Editor);
        using (var link = await owner.Http.PostAsJsonAsync("/api/v1/links", new CreateLinkRequest("/docs"), DepotJsonContext.Default.CreateLinkRequest))
        {
            Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        }

        using var dav = DavSession.For(server, owner);
        await dav.LockAsync("/dav/notes.txt", depth: "0");

        var items = await ItemsAsync(owner.Http, "/api/v1/folders/?details=true&folders=first");
        Assert.Equal("""{"folderSize":8,"shared":true,"linked":true,"locked":false,"favourite":false}""", items["docs"]["details"]!.ToJsonString());
        Assert.Equal(0, (long?)items["empty"]["details"]!["folderSize"]);
        Assert.Equal("""{"folderSize":null,"shared":true,"linked":false,"locked":true,"favourite":false}""", items["notes.txt"]["details"]!.ToJsonString());
        Assert.Null((await ItemsAsync(owner.Http, "/api/v1/folders/"))["docs"]["details"]);

        // Bob sees the folder he mounted with its size, but not that its owner shares it or has a link to it.
        await bob.Http.MountAsync(docs.NodeId, "/team");
        var mine = await ItemsAsync(bob.Http, "/api/v1/folders/?details=true");
        Assert.Equal("""{"folderSize":8,"shared":false,"linked":false,"locked":false,"favourite":false}""", mine["team"]["details"]!.ToJsonString());
        Assert.Equal(5, (long?)(await ItemsAsync(bob.Http, "/api/v1/folders/team?details=true"))["sub"]["details"]!["folderSize"]);
    }

    [Fact]
    public async Task A_bad_grouping_is_a_problem_with_a_code()
    {
        using var user = await server.CreateUserAsync();
        using var response = await user.Http.GetAsync("/api/v1/folders/?folders=sideways");
        await AssertStatusAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<Dictionary<string, JsonNode>> ItemsAsync(HttpClient http, string url) =>
        (await GetJsonAsync(http, url))["items"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => i!);
}
