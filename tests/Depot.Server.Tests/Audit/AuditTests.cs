using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Files;
using Depot.Protocol.Groups;
using Depot.Protocol.Users;
using Depot.Testing;

namespace Depot.Server.Tests.Audit;

/// <summary>Each audited action leaves an event with the right actor, address and target, visible to the right people.</summary>
public sealed class AuditTests(DepotServer server) : IClassFixture<DepotServer>
{
    private const string Loopback = "127.0.0.1";

    [Fact]
    public async Task Sign_ins_and_failed_sign_ins_are_recorded_and_an_unknown_name_only_admins_see()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        var ghost = "ghost" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(alice.Username, "wrong-password-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(ghost, "whatever-password"));

        var events = await AuditReader.ReadAllAsync(alice.Http);
        var signIn = Assert.Single(events, e => e.Action == "auth.sign_in");
        Assert.Equal((alice.Username, Loopback, alice.Username), (signIn.Actor, signIn.Address, signIn.Owner));
        var failed = Assert.Single(events, e => e.Action == "auth.sign_in_failed");
        Assert.Equal((null, Loopback, alice.Username), (failed.Actor, failed.Address, failed.Owner));
        Assert.Equal(alice.Username, failed.Details!["username"]);
        Assert.Equal("wrong_password", failed.Details["reason"]);
        Assert.DoesNotContain(events, e => e.Details?.GetValueOrDefault("username") == ghost);

        var unknown = Assert.Single(await AuditReader.ReadAllAsync(admin, "action=auth.sign_in_failed"), e => e.Details!["username"] == ghost);
        Assert.Equal((null, null, Loopback, "unknown_user"), (unknown.Actor, unknown.Owner, unknown.Address, unknown.Details!["reason"]));
    }

    [Fact]
    public async Task Token_password_and_sign_out_events_carry_the_actor_and_address()
    {
        using var alice = await server.CreateUserAsync();
        using var created = await alice.Http.PostAsJsonAsync("/api/v1/me/tokens", new CreateTokenRequest("backup", null),
            DepotJsonContext.Default.CreateTokenRequest);
        var token = (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedToken))!;
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/v1/me/tokens/{token.Info.Id}")).StatusCode);
        using var change = await alice.Http.PutAsJsonAsync("/api/v1/me/password", new ChangePasswordRequest(alice.Password, "new-password-123"),
            DepotJsonContext.Default.ChangePasswordRequest);
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        var events = (await AuditReader.ReadAllAsync(alice.Http)).Where(e => e.Action != "user.create").ToList();
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync("/api/v1/auth/token")).StatusCode);

        var made = Assert.Single(events, e => e.Action == "token.create");
        Assert.Equal((token.Info.Id, "backup"), (made.Details!["tokenId"], made.Details["tokenName"]));
        Assert.Equal(token.Info.Id, Assert.Single(events, e => e.Action == "token.revoke").Details!["tokenId"]);
        Assert.Single(events, e => e.Action == "password.change");
        Assert.All(events, e => Assert.Equal((alice.Username, Loopback, alice.Username), (e.Actor, e.Address, e.Owner)));

        using var again = server.CreateHttpClient(await server.SignInAsync(alice.Username, "new-password-123"));
        Assert.Single(await AuditReader.ReadAllAsync(again, "action=auth.sign_out"));
    }

    [Fact]
    public async Task Admin_actions_are_recorded_and_the_account_concerned_sees_them_but_not_group_changes()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        var team = "t" + Guid.NewGuid().ToString("N")[..12];
        (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(team), DepotJsonContext.Default.CreateGroupRequest)).Dispose();
        (await admin.PatchAsJsonAsync($"/api/v1/groups/{team}", new UpdateGroupRequest(team + "x"), DepotJsonContext.Default.UpdateGroupRequest)).Dispose();
        (await admin.PutAsync($"/api/v1/groups/{team}x/members/{alice.Username}", null)).Dispose();
        (await admin.DeleteAsync($"/api/v1/groups/{team}x/members/{alice.Username}")).Dispose();
        (await admin.DeleteAsync($"/api/v1/groups/{team}x")).Dispose();
        (await admin.PutAsJsonAsync($"/api/v1/users/{alice.Username}/quota", new SetQuotaRequest(1000), DepotJsonContext.Default.SetQuotaRequest)).Dispose();
        (await admin.PatchAsJsonAsync($"/api/v1/users/{alice.Username}", new UpdateUserRequest(IsAdmin: false), DepotJsonContext.Default.UpdateUserRequest)).Dispose();
        (await admin.PutAsJsonAsync($"/api/v1/users/{alice.Username}/password", new SetPasswordRequest("reset-password-42"),
            DepotJsonContext.Default.SetPasswordRequest)).Dispose();

        using var aliceAgain = server.CreateHttpClient(await server.SignInAsync(alice.Username, "reset-password-42"));
        var seen = (await AuditReader.ReadAllAsync(aliceAgain)).Where(e => e.Actor == "admin").Select(e => e.Action).ToHashSet();
        Assert.Equal(["group.member_add", "group.member_remove", "user.create", "user.password_reset", "user.quota", "user.update"], seen.Order());

        var all = await AuditReader.ReadAllAsync(admin, "action=group.*");
        var mine = all.Where(e => e.Details!["group"].StartsWith(team, StringComparison.Ordinal)).ToList();
        Assert.Equal(["group.delete", "group.member_remove", "group.member_add", "group.rename", "group.create"], mine.Select(e => e.Action));
        Assert.All(mine, e => Assert.Equal(("admin", Loopback), (e.Actor, e.Address)));
        Assert.Equal(team, mine.Single(e => e.Action == "group.rename").Details!["from"]);
        Assert.Equal("1000", (await AuditReader.ReadAllAsync(admin, "action=user.quota")).First(e => e.Owner == alice.Username).Details!["quotaBytes"]);
    }

    [Fact]
    public async Task Deletes_restores_purges_and_version_restores_are_recorded_on_the_owners_items()
    {
        using var alice = await server.CreateUserAsync();
        await PutAsync(alice.Http, "docs/a.txt", "one");
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync("/api/v1/files/docs/a.txt")).StatusCode);
        var trashed = (await alice.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!.Items.Single();
        (await alice.Http.PostAsync($"/api/v1/trash/{trashed.Id}/restore", null)).EnsureSuccessStatusCode();
        (await alice.Http.DeleteAsync("/api/v1/files/docs")).EnsureSuccessStatusCode();
        var folder = (await alice.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!.Items.Single();
        (await alice.Http.DeleteAsync($"/api/v1/trash/{folder.Id}")).EnsureSuccessStatusCode();

        await PutAsync(alice.Http, "b.txt", "first");
        await PutAsync(alice.Http, "b.txt", "second");
        var versions = (await alice.Http.GetFromJsonAsync("/api/v1/versions/b.txt", DepotJsonContext.Default.IReadOnlyListVersionInfo))!;
        using var restore = await alice.Http.PostAsJsonAsync("/api/v1/versions/b.txt", new RestoreVersionRequest(versions[^1].Id),
            DepotJsonContext.Default.RestoreVersionRequest);
        restore.EnsureSuccessStatusCode();
        (await alice.Http.DeleteAsync("/api/v1/files/b.txt")).EnsureSuccessStatusCode();
        (await alice.Http.DeleteAsync("/api/v1/trash")).EnsureSuccessStatusCode();

        var events = (await AuditReader.ReadAllAsync(alice.Http)).Where(e => e.Action is not ("auth.sign_in" or "user.create")).Reverse().ToList();
        Assert.Equal(["file.delete", "trash.restore", "file.delete", "trash.purge", "version.restore", "file.delete", "trash.empty"],
            events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal((alice.Username, Loopback, alice.Username), (e.Actor, e.Address, e.Owner)));
        Assert.Equal(("/docs/a.txt", trashed.Id, "file"), (events[0].Path, events[0].NodeId, events[0].Details!["kind"]));
        Assert.Equal(("/docs/a.txt", trashed.Id, "/docs/a.txt"), (events[1].Path, events[1].NodeId, events[1].Details!["from"]));
        Assert.Equal(("/docs", folder.Id, "folder"), (events[2].Path, events[2].NodeId, events[2].Details!["kind"]));
        Assert.Equal(("/docs", folder.Id), (events[3].Path, events[3].NodeId));
        Assert.Equal(("/b.txt", versions[^1].Id), (events[4].Path, events[4].Details!["versionId"]));
        Assert.Equal("1", events[6].Details!["count"]);
    }

    [Fact]
    public async Task Owners_see_only_their_own_events_and_admins_see_everyones()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await PutAsync(alice.Http, "a.txt", "a");
        await PutAsync(bob.Http, "b.txt", "b");
        (await alice.Http.DeleteAsync("/api/v1/files/a.txt")).EnsureSuccessStatusCode();
        (await bob.Http.DeleteAsync("/api/v1/files/b.txt")).EnsureSuccessStatusCode();

        var aliceSees = await AuditReader.ReadAllAsync(alice.Http);
        Assert.All(aliceSees, e => Assert.True(e.Owner == alice.Username || e.Actor == alice.Username));
        Assert.Contains(aliceSees, e => e.Action == "file.delete" && e.Path == "/a.txt");
        Assert.DoesNotContain(aliceSees, e => e.Path == "/b.txt");

        var adminSees = await AuditReader.ReadAllAsync(admin, "action=file.delete");
        Assert.Contains(adminSees, e => e.Owner == alice.Username && e.Path == "/a.txt");
        Assert.Contains(adminSees, e => e.Owner == bob.Username && e.Path == "/b.txt");
    }

    [Fact]
    public async Task Time_ranges_action_filters_and_cursors_page_newest_first()
    {
        using var alice = await server.CreateUserAsync();
        for (var i = 0; i < 7; i++)
        {
            (await alice.Http.PostAsJsonAsync("/api/v1/me/tokens", new CreateTokenRequest($"t{i}", null), DepotJsonContext.Default.CreateTokenRequest)).Dispose();
            await Task.Delay(5);
        }

        var all = await AuditReader.ReadAllAsync(alice.Http, "action=token.create");
        var paged = await AuditReader.ReadAllAsync(alice.Http, "action=token.*", limit: 2);
        Assert.Equal(["t6", "t5", "t4", "t3", "t2", "t1", "t0"], all.Select(e => e.Details!["tokenName"]));
        Assert.Equal(all.Select(e => e.Id), paged.Select(e => e.Id));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.At >= p.Second.At));

        var pivot = all[3].At;
        var from = await AuditReader.ReadAllAsync(alice.Http, $"action=token.create&from={AuditReader.Instant(pivot)}", limit: 3);
        var to = await AuditReader.ReadAllAsync(alice.Http, $"action=token.create&to={AuditReader.Instant(pivot)}", limit: 3);
        Assert.Equal(all.Where(e => e.At >= pivot).Select(e => e.Id), from.Select(e => e.Id));
        Assert.Equal(all.Where(e => e.At < pivot).Select(e => e.Id), to.Select(e => e.Id));
        Assert.Contains(all[3].Id, from.Select(e => e.Id));

        foreach (var bad in new[] { "cursor=not-a-cursor", "action=no.such", "action=nosuch.*", "limit=0", "limit=1001",
            $"from={AuditReader.Instant(pivot)}&to={AuditReader.Instant(pivot.AddDays(-1))}", "from=yesterday" })
        {
            using var refused = await alice.Http.GetAsync("/api/v1/audit?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string username, string password)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password), DepotJsonContext.Default.TokenRequest);
        return response.StatusCode;
    }

    private static async Task PutAsync(HttpClient http, string path, string text)
    {
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text))
        {
            Headers = { ContentType = new("application/octet-stream") },
        };
        using var response = await http.PutAsync($"/api/v1/files/{path}?parents=true", content);
        response.EnsureSuccessStatusCode();
    }
}
