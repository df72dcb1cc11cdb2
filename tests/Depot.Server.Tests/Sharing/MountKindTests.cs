using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

/// <summary>
/// A mount's <c>kind</c> is "mount" whatever it points at; <c>mountKind</c> tells clients whether opening it lists a
/// folder or downloads a file. Asserted on the raw JSON, since server and client share the DTO.
/// </summary>
public sealed class MountKindTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task A_mount_says_whether_it_points_at_a_folder_or_a_file_until_the_share_ends()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/docs");
        await owner.Http.PutFileAsync("/report.txt", "four");
        var folderShare = await owner.Http.ShareOkAsync("/docs", bob.Username, Roles.Viewer);
        var fileShare = await owner.Http.ShareOkAsync("/report.txt", bob.Username, Roles.Viewer);
        await bob.Http.MkdirAsync("/own");

        var mounted = await MountRawAsync(bob.Http, folderShare.NodeId, "/team-docs");
        Assert.Equal("mount", (string?)mounted["kind"]);
        Assert.Equal("folder", (string?)mounted["mountKind"]);
        Assert.Equal("file", (string?)(await MountRawAsync(bob.Http, fileShare.NodeId, "/their-report.txt"))["mountKind"]);

        var items = await RootItemsAsync(bob.Http);
        Assert.Equal("folder", (string?)items["team-docs"]["mountKind"]);
        Assert.Equal("file", (string?)items["their-report.txt"]["mountKind"]);
        Assert.Equal(4, (long?)items["their-report.txt"]["size"]);
        Assert.Null(items["own"]["mountKind"]);

        // Revoked: the mount stays in bob's tree (he may delete it) but no longer says what it pointed at.
        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/shares/{fileShare.Id}"), HttpStatusCode.NoContent);
        var dangling = (await RootItemsAsync(bob.Http))["their-report.txt"];
        Assert.Equal("mount", (string?)dangling["kind"]);
        Assert.Null(dangling["mountKind"]);
    }

    private static async Task<JsonNode> MountRawAsync(HttpClient http, string nodeId, string path)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/mounts", new CreateMountRequest(nodeId, path), DepotJsonContext.Default.CreateMountRequest);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<Dictionary<string, JsonNode>> RootItemsAsync(HttpClient http)
    {
        var listing = JsonNode.Parse(await http.GetStringAsync("/api/v1/folders"))!;
        return listing["items"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => i!);
    }
}
