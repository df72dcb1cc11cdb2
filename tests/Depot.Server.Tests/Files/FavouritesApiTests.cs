using System.Net;
using System.Text.Json.Nodes;
using Depot.Protocol;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Files;

/// <summary><c>/api/v1/favourites</c> and <c>/api/v1/recent</c> over sockets: star, list, unstar, marks in a listing, errors.</summary>
public sealed class FavouritesApiTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task Star_list_mark_and_unstar()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await alice.Http.MkdirAsync("/docs");
        await alice.Http.PutFileAsync("/docs/plan.txt", "plan");

        using (var star = await alice.Http.PutAsync("/api/v1/favourites/docs/plan.txt", null))
        {
            Assert.Equal(HttpStatusCode.OK, star.StatusCode);
        }

        var list = await JsonAsync(alice.Http, "/api/v1/favourites");
        Assert.Equal("/docs/plan.txt", (string?)list[0]!["path"]);
        Assert.True((bool?)(await JsonAsync(alice.Http, "/api/v1/folders/docs?details=true"))["items"]![0]!["details"]!["favourite"]);
        Assert.Empty((await JsonAsync(bob.Http, "/api/v1/favourites")).AsArray());

        await AssertStatusAsync(await alice.Http.DeleteAsync("/api/v1/favourites/docs/plan.txt"), HttpStatusCode.NoContent);
        Assert.Empty((await JsonAsync(alice.Http, "/api/v1/favourites")).AsArray());
    }

    [Fact]
    public async Task Someone_elses_or_a_missing_item_is_not_found_and_a_bad_limit_is_invalid()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await alice.Http.PutFileAsync("/secret.txt", "s");

        await AssertStatusAsync(await bob.Http.PutAsync("/api/v1/favourites/secret.txt", null), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await AssertStatusAsync(await alice.Http.PutAsync("/api/v1/favourites/", null), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await AssertStatusAsync(await alice.Http.GetAsync("/api/v1/recent?limit=0"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        Assert.Equal("/secret.txt", (string?)(await JsonAsync(alice.Http, "/api/v1/recent"))[0]!["path"]);
        Assert.Empty((await JsonAsync(bob.Http, "/api/v1/recent")).AsArray());
    }

    private static async Task<JsonNode> JsonAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
