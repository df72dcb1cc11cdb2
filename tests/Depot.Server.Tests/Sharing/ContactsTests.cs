using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Groups;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

/// <summary>
/// <c>GET /api/v1/contacts?q=</c> suggests only people the caller already shares with, is shared with by, or is in a
/// group with — never any other account (there is no user directory for non-admins).
/// </summary>
public sealed class ContactsTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task Suggests_people_from_shares_both_ways_and_groups_and_nobody_else()
    {
        using var admin = await server.CreateUserAsync(isAdmin: true);
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();     // alice shares with bob
        using var carol = await server.CreateUserAsync();   // carol shares with alice
        using var dave = await server.CreateUserAsync();    // in a group with alice
        using var eve = await server.CreateUserAsync();     // a stranger to alice
        await alice.Http.PutFileAsync("/a.txt", "a");
        await carol.Http.PutFileAsync("/c.txt", "c");
        await eve.Http.PutFileAsync("/e.txt", "e");
        await alice.Http.ShareOkAsync("/a.txt", bob.Username, Roles.Viewer);
        await carol.Http.ShareOkAsync("/c.txt", alice.Username, Roles.Viewer);
        await eve.Http.ShareOkAsync("/e.txt", bob.Username, Roles.Viewer);
        var group = "crew-" + Guid.NewGuid().ToString("N")[..8];
        using (await admin.Http.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group), DepotJsonContext.Default.CreateGroupRequest)) { }
        foreach (var member in new[] { alice, dave })
        {
            await AssertStatusAsync(await admin.Http.PutAsync($"/api/v1/groups/{group}/members/{member.Username}", null), HttpStatusCode.NoContent);
        }

        Assert.Equal(Sorted(bob, carol, dave), await SuggestAsync(alice, "user"));
        Assert.Equal([dave.Username], await SuggestAsync(alice, dave.Username.ToUpperInvariant()));
        Assert.Equal(Sorted(alice, eve), await SuggestAsync(bob, "user"));
        Assert.Equal([bob.Username], await SuggestAsync(eve, "user"));
        Assert.Empty(await SuggestAsync(alice, "%"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?q=")]
    [InlineData("?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_missing_or_too_long_query_is_invalid(string query)
    {
        using var user = await server.CreateUserAsync();
        await AssertStatusAsync(await user.Http.GetAsync("/api/v1/contacts" + query), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    private static string[] Sorted(params TestUser[] users) => [.. users.Select(u => u.Username).Order(StringComparer.Ordinal)];

    private static async Task<string[]> SuggestAsync(TestUser user, string q) =>
        [.. (await user.Http.GetFromJsonAsync($"/api/v1/contacts?q={Uri.EscapeDataString(q)}", DepotJsonContext.Default.ShareContactArray))!
            .Select(c => c.Username)];
}
