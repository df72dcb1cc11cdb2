using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Sharing;

/// <summary>Search finds what browsing reaches: the caller's tree and the shared folders mounted in it, while the share lives.</summary>
public sealed class SearchThroughMountsTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task Search_reaches_into_mounted_folders_under_their_mount_path_until_the_share_ends()
    {
        using var owner = await server.CreateUserAsync();
        using var friend = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/project");
        await owner.Http.PutFileAsync("/project/plan-a.txt", "a");
        await owner.Http.MkdirAsync("/project/deep");
        await owner.Http.PutFileAsync("/project/deep/plan-b.txt", "b");
        await owner.Http.PutFileAsync("/private-plan.txt", "p");
        await friend.Http.PutFileAsync("/my-plan.txt", "m");
        var share = await owner.Http.ShareOkAsync("/project", friend.Username, Roles.Viewer);
        await friend.Http.MkdirAsync("/from-owner");
        await friend.Http.MountAsync(share.NodeId, "/from-owner/proj");

        Assert.Equal(["/my-plan.txt", "/from-owner/proj/plan-a.txt", "/from-owner/proj/deep/plan-b.txt"], await SearchAsync(friend, "plan"));
        // Ordered by name across both trees; paging crosses them with nothing lost or repeated.
        var first = await PageAsync(friend, "plan", 2, null);
        var second = await PageAsync(friend, "plan", 2, first.NextCursor);
        string[] paged = [.. first.Items.Concat(second.Items).Select(i => i.Path)];
        Assert.Equal(await SearchAsync(friend, "plan"), paged);
        Assert.Null(second.NextCursor);
        // The found path works.
        Assert.Equal("b", await friend.Http.GetStringAsync("/api/v1/files/from-owner/proj/deep/plan-b.txt"));

        (await owner.Http.DeleteAsync($"/api/v1/shares/{share.Id}")).EnsureSuccessStatusCode().Dispose();
        Assert.Equal(["/my-plan.txt"], await SearchAsync(friend, "plan"));
    }

    private static async Task<string[]> SearchAsync(TestUser user, string q) =>
        [.. (await PageAsync(user, q, 50, null)).Items.Select(i => i.Path)];

    private static async Task<SearchResults> PageAsync(TestUser user, string q, int limit, string? cursor) =>
        (await user.Http.GetFromJsonAsync($"/api/v1/search?q={q}&limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)),
            DepotJsonContext.Default.SearchResults))!;
}
