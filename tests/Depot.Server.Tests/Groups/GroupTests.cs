using System.Net;
using System.Net.Http.Json;
using Depot.Core.Groups;
using Depot.Protocol;
using Depot.Protocol.Groups;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Groups;

public sealed class GroupTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Admin_creates_renames_and_deletes_a_group()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        var name = NewName();

        using var created = await CreateAsync(admin, name);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/groups/{name}", created.Headers.Location?.OriginalString);
        Assert.Equal(0, (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.GroupInfo))!.MemberCount);
        await AssertProblemAsync(await CreateAsync(admin, name.ToUpperInvariant()), HttpStatusCode.Conflict, ErrorCodes.GroupExists);
        await AssertProblemAsync(await CreateAsync(admin, "../eng"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await AssertProblemAsync(await CreateAsync(admin, ""), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);

        var renamed = name + "-x";
        using var rename = await admin.PatchAsJsonAsync($"/api/v1/groups/{name.ToUpperInvariant()}", new UpdateGroupRequest(renamed),
            DepotJsonContext.Default.UpdateGroupRequest);
        Assert.Equal(renamed, (await rename.Content.ReadFromJsonAsync(DepotJsonContext.Default.GroupInfo))!.Name);
        await AssertProblemAsync(await admin.GetAsync($"/api/v1/groups/{name}"), HttpStatusCode.NotFound, ErrorCodes.GroupNotFound);
        Assert.Contains(await admin.GetFromJsonAsync("/api/v1/groups", DepotJsonContext.Default.IReadOnlyListGroupInfo) ?? [],
            g => g.Name == renamed);

        using var other = await CreateAsync(admin, NewName());
        var otherName = (await other.Content.ReadFromJsonAsync(DepotJsonContext.Default.GroupInfo))!.Name;
        using var clash = await admin.PatchAsJsonAsync($"/api/v1/groups/{otherName}", new UpdateGroupRequest(renamed),
            DepotJsonContext.Default.UpdateGroupRequest);
        await AssertProblemAsync(clash, HttpStatusCode.Conflict, ErrorCodes.GroupExists);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/groups/{renamed}")).StatusCode);
        await AssertProblemAsync(await admin.DeleteAsync($"/api/v1/groups/{renamed}"), HttpStatusCode.NotFound, ErrorCodes.GroupNotFound);
    }

    [Fact]
    public async Task Admins_manage_members_and_users_see_only_their_own_groups()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        var team = NewName();
        var other = NewName();
        (await CreateAsync(admin, team)).Dispose();
        (await CreateAsync(admin, other)).Dispose();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/v1/groups/{team}/members/{alice.Username}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/v1/groups/{team}/members/{alice.Username}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/v1/groups/{team}/members/{bob.Username.ToUpperInvariant()}", null)).StatusCode);
        await AssertProblemAsync(await admin.PutAsync($"/api/v1/groups/{team}/members/nobody-{Guid.NewGuid():N}"[..50], null),
            HttpStatusCode.NotFound, ErrorCodes.UserNotFound);

        var members = await admin.GetFromJsonAsync($"/api/v1/groups/{team}/members", DepotJsonContext.Default.IReadOnlyListGroupMemberInfo);
        Assert.Equal([alice.Username, bob.Username], members!.Select(m => m.Username).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(2, (await admin.GetFromJsonAsync($"/api/v1/groups/{team}", DepotJsonContext.Default.GroupInfo))!.MemberCount);

        var mine = await alice.Http.GetFromJsonAsync("/api/v1/me/groups", DepotJsonContext.Default.IReadOnlyListGroupInfo);
        Assert.Equal([team], mine!.Select(g => g.Name));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/groups/{team}/members/{bob.Username}")).StatusCode);
        await AssertProblemAsync(await admin.DeleteAsync($"/api/v1/groups/{team}/members/{bob.Username}"),
            HttpStatusCode.NotFound, ErrorCodes.GroupMemberNotFound);
        Assert.Empty((await bob.Http.GetFromJsonAsync("/api/v1/me/groups", DepotJsonContext.Default.IReadOnlyListGroupInfo))!);
    }

    [Fact]
    public async Task Non_admins_cannot_manage_or_list_groups()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        var team = NewName();
        (await CreateAsync(admin, team)).Dispose();

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.GetAsync("/api/v1/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CreateAsync(alice.Http, NewName())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.GetAsync($"/api/v1/groups/{team}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.PutAsync($"/api/v1/groups/{team}/members/{alice.Username}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.DeleteAsync($"/api/v1/groups/{team}")).StatusCode);
        using var anonymous = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me/groups")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_user_or_a_group_removes_the_memberships_and_the_core_lookup_sees_it()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        var (first, second) = (NewName(), NewName());
        foreach (var group in new[] { first, second })
        {
            (await CreateAsync(admin, group)).Dispose();
            (await admin.PutAsync($"/api/v1/groups/{group}/members/{alice.Username}", null)).Dispose();
            (await admin.PutAsync($"/api/v1/groups/{group}/members/{bob.Username}", null)).Dispose();
        }

        var groups = server.Services.GetRequiredService<GroupService>();
        var firstId = (await groups.FindByNameAsync(first, CancellationToken.None))!.Id;
        var secondId = (await groups.FindByNameAsync(second.ToUpperInvariant(), CancellationToken.None))!.Id;
        var aliceId = await UserIdAsync(alice.Username);
        Assert.Equal(new[] { firstId, secondId }.Order(StringComparer.Ordinal),
            (await groups.GroupIdsOfAsync(aliceId, CancellationToken.None)).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{alice.Username}")).StatusCode);
        Assert.Empty(await groups.GroupIdsOfAsync(aliceId, CancellationToken.None));
        Assert.Equal(1, (await admin.GetFromJsonAsync($"/api/v1/groups/{first}", DepotJsonContext.Default.GroupInfo))!.MemberCount);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/groups/{first}")).StatusCode);
        Assert.Equal([secondId], await groups.GroupIdsOfAsync(await UserIdAsync(bob.Username), CancellationToken.None));
    }

    private async Task<string> UserIdAsync(string username) =>
        (await server.Services.GetRequiredService<Depot.Core.Accounts.IAccountStore>().FindUserByNameAsync(username, CancellationToken.None))?.Id
        ?? "gone";

    private static string NewName() => "g" + Guid.NewGuid().ToString("N")[..12];

    private static Task<HttpResponseMessage> CreateAsync(HttpClient http, string name) =>
        http.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(name), DepotJsonContext.Default.CreateGroupRequest);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.Problem);
            Assert.Equal(code, problem!.Code);
        }
    }
}
