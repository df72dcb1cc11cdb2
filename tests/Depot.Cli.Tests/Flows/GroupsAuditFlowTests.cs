using System.Text.Json;
using Depot.Cli.Output;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>Groups and the audit log through the CLI against a real server.</summary>
public sealed class GroupsAuditFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Admin_manages_groups_and_members_and_a_user_lists_their_own()
    {
        using var admin = await LoginAdminAsync();
        var (alice, aliceName) = await SignUpAsync(admin);
        using var aliceCli = alice;
        var (bob, bobName) = await SignUpAsync(admin);
        using var bobCli = bob;
        var team = "team" + Guid.NewGuid().ToString("N")[..8];

        var created = await admin.RunAsync("groups", "create", team, "--json").ShouldSucceedAsync();
        Assert.Equal(team, JsonSerializer.Deserialize(created.Out, CliJsonContext.Default.GroupInfo)!.Name);
        await admin.RunAsync("groups", "create", team).ShouldFailWithAsync(ExitCodes.Conflict);
        await admin.RunAsync("groups", "create", "bad/name").ShouldFailWithAsync(ExitCodes.Usage);
        await admin.RunAsync("groups", "add", team, aliceName, bobName).ShouldSucceedAsync();
        await admin.RunAsync("groups", "add", team, "nobody" + Guid.NewGuid().ToString("N")[..8]).ShouldFailWithAsync(ExitCodes.NotFound);

        var members = await admin.RunAsync("groups", "members", team, "--json").ShouldSucceedAsync();
        Assert.Equal(new[] { aliceName, bobName }.Order(StringComparer.Ordinal), JsonSerializer.Deserialize(members.Out, CliJsonContext.Default.IReadOnlyListGroupMemberInfo)!
            .Select(m => m.Username).Order(StringComparer.Ordinal));
        Assert.Contains(bobName, (await admin.RunAsync("groups", "members", team).ShouldSucceedAsync()).Out);

        await admin.RunAsync("groups", "rename", team, team + "x").ShouldSucceedAsync();
        await admin.RunAsync("groups", "remove", team + "x", bobName).ShouldSucceedAsync();
        await admin.RunAsync("groups", "remove", team + "x", bobName).ShouldFailWithAsync(ExitCodes.NotFound);
        var all = await admin.RunAsync("groups", "ls", "--json").ShouldSucceedAsync();
        Assert.Contains(JsonSerializer.Deserialize(all.Out, CliJsonContext.Default.IReadOnlyListGroupInfo)!, g => g.Name == team + "x" && g.MemberCount == 1);

        var mine = await aliceCli.RunAsync("groups", "mine", "--json").ShouldSucceedAsync();
        Assert.Equal([team + "x"], JsonSerializer.Deserialize(mine.Out, CliJsonContext.Default.IReadOnlyListGroupInfo)!.Select(g => g.Name));
        Assert.Contains(team + "x", (await aliceCli.RunAsync("groups", "mine").ShouldSucceedAsync()).Out);
        Assert.DoesNotContain(team, (await bobCli.RunAsync("groups", "mine").ShouldSucceedAsync()).Out);
        await aliceCli.RunAsync("groups", "ls").ShouldFailWithAsync(ExitCodes.Auth);
        await aliceCli.RunAsync("groups", "create", "mine").ShouldFailWithAsync(ExitCodes.Auth);

        await admin.RunAsync("groups", "rm", team + "x").ShouldSucceedAsync();
        await admin.RunAsync("groups", "members", team + "x").ShouldFailWithAsync(ExitCodes.NotFound);
    }

    [Fact]
    public async Task A_user_reads_their_audit_log_filtered_by_time_and_action()
    {
        using var admin = await LoginAdminAsync();
        var (alice, aliceName) = await SignUpAsync(admin);
        using var aliceCli = alice;
        await aliceCli.RunAsync("tokens", "create", "audit-test").ShouldSucceedAsync();

        var json = await aliceCli.RunAsync("audit", "--since", "1h", "--json").ShouldSucceedAsync();
        var events = JsonSerializer.Deserialize(json.Out, CliJsonContext.Default.IReadOnlyListAuditEventInfo)!;
        Assert.Equal(["token.create", "auth.sign_in", "user.create"], events.Select(e => e.Action));
        Assert.Equal("audit-test", events[0].Details!["tokenName"]);

        var text = await aliceCli.RunAsync("audit", "--action", "auth.*").ShouldSucceedAsync();
        Assert.Contains("auth.sign_in", text.Out);
        Assert.Contains(aliceName, text.Out);
        Assert.DoesNotContain("token.create", text.Out);
        var future = await aliceCli.RunAsync("audit", "--from", DateTimeOffset.UtcNow.AddDays(1).ToString("O"), "--json").ShouldSucceedAsync();
        Assert.Empty(JsonSerializer.Deserialize(future.Out, CliJsonContext.Default.IReadOnlyListAuditEventInfo)!);
        var limited = await aliceCli.RunAsync("audit", "--limit", "1", "--json").ShouldSucceedAsync();
        Assert.Single(JsonSerializer.Deserialize(limited.Out, CliJsonContext.Default.IReadOnlyListAuditEventInfo)!);

        var adminView = await admin.RunAsync("audit", "--action", "user.create", "--json").ShouldSucceedAsync();
        Assert.Contains(JsonSerializer.Deserialize(adminView.Out, CliJsonContext.Default.IReadOnlyListAuditEventInfo)!, e => e.Owner == aliceName);

        await aliceCli.RunAsync("audit", "--since", "yesterday").ShouldFailWithAsync(ExitCodes.Usage);
        await aliceCli.RunAsync("audit", "--since", "1h", "--from", "2026-01-01").ShouldFailWithAsync(ExitCodes.Usage);
        await aliceCli.RunAsync("audit", "--action", "no.such").ShouldFailWithAsync(ExitCodes.Usage);
    }

    private async Task<CliRunner> LoginAdminAsync()
    {
        var admin = new CliRunner().With("DEPOT_PASSWORD", DepotServer.AdminPassword);
        await admin.RunAsync("login", server.Address.AbsoluteUri, "-u", "admin").ShouldSucceedAsync();
        return admin;
    }

    private async Task<(CliRunner Cli, string Username)> SignUpAsync(CliRunner admin)
    {
        var username = "grp" + Guid.NewGuid().ToString("N")[..10];
        await admin.With("DEPOT_NEW_PASSWORD", "user-password-123").RunAsync("users", "create", username).ShouldSucceedAsync();
        var cli = new CliRunner().With("DEPOT_PASSWORD", "user-password-123");
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", username).ShouldSucceedAsync();
        return (cli, username);
    }
}
