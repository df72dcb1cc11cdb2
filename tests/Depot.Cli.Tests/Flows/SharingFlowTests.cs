using System.Text.Json;
using Depot.Cli.Output;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>share, shares, unshare, mount and link through the CLI against a real server.</summary>
public sealed class SharingFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task An_owner_shares_a_recipient_mounts_and_links_are_made_listed_and_removed()
    {
        using var admin = new CliRunner().With("DEPOT_PASSWORD", DepotServer.AdminPassword);
        await admin.RunAsync("login", server.Address.AbsoluteUri, "-u", "admin").ShouldSucceedAsync();
        var (owner, ownerName) = await SignUpAsync(admin);
        using var ownerCli = owner;
        var (bob, bobName) = await SignUpAsync(admin);
        using var bobCli = bob;

        await owner.RunAsync("mkdir", "/team").ShouldSucceedAsync();
        var shared = await owner.RunAsync("share", "/team", "--user", bobName, "--role", "editor", "--json").ShouldSucceedAsync();
        var share = Assert.Single(JsonSerializer.Deserialize(shared.Out, CliJsonContext.Default.IReadOnlyListShareInfo)!);
        Assert.Equal("editor", share.Role);
        await owner.RunAsync("share", "/team").ShouldFailWithAsync(ExitCodes.Usage);
        await owner.RunAsync("share", "/nope", "--user", bobName).ShouldFailWithAsync(ExitCodes.NotFound);
        Assert.Contains(bobName, (await owner.RunAsync("shares").ShouldSucceedAsync()).Out);

        var incoming = await bob.RunAsync("shares", "--incoming", "--json").ShouldSucceedAsync();
        var item = Assert.Single(JsonSerializer.Deserialize(incoming.Out, CliJsonContext.Default.IReadOnlyListShareInfo)!);
        Assert.Equal(ownerName, item.Owner);
        await bob.RunAsync("mount", item.NodeId, "/team").ShouldSucceedAsync();
        await bob.RunAsync("mkdir", "/team/from-bob").ShouldSucceedAsync();
        Assert.Contains("from-bob", (await owner.RunAsync("ls", "/team").ShouldSucceedAsync()).Out);

        var link = await owner.RunAsync("link", "create", "/team", "--json").ShouldSucceedAsync();
        var created = JsonSerializer.Deserialize(link.Out, CliJsonContext.Default.CreatedLinkInfo)!;
        Assert.StartsWith(server.Address.AbsoluteUri.TrimEnd('/') + "/s/", created.Url, StringComparison.Ordinal);
        await owner.With("DEPOT_NEW_PASSWORD", "link-pass-1").RunAsync("link", "create", "/team", "--dropbox", "--password").ShouldSucceedAsync();
        var listed = await owner.RunAsync("link", "ls", "--json").ShouldSucceedAsync();
        Assert.Equal(2, JsonSerializer.Deserialize(listed.Out, CliJsonContext.Default.IReadOnlyListLinkInfo)!.Count);
        var updated = await owner.With("DEPOT_NEW_PASSWORD", "link-pass-2")
            .RunAsync("link", "update", created.Link.Id, "--password", "--max-downloads", "5", "--expires", "2099-01-01T00:00:00Z", "--json")
            .ShouldSucceedAsync();
        var changed = JsonSerializer.Deserialize(updated.Out, CliJsonContext.Default.LinkInfo)!;
        Assert.True(changed.HasPassword);
        Assert.Equal(5, changed.MaxDownloads);
        Assert.Equal(2099, changed.ExpiresAt!.Value.Year);
        using (var anonymous = server.CreateHttpClient())
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(created.Url)).StatusCode);
        }

        changed = JsonSerializer.Deserialize((await owner.RunAsync("link", "update", created.Link.Id, "--no-password", "--no-limit", "--no-expiry", "--json")
            .ShouldSucceedAsync()).Out, CliJsonContext.Default.LinkInfo)!;
        Assert.False(changed.HasPassword);
        Assert.Null(changed.MaxDownloads);
        Assert.Null(changed.ExpiresAt);
        await owner.RunAsync("link", "update", created.Link.Id, "--max-downloads", "3", "--no-limit").ShouldFailWithAsync(ExitCodes.Usage);
        await bob.RunAsync("link", "update", created.Link.Id, "--no-limit").ShouldFailWithAsync(ExitCodes.NotFound);
        await bob.RunAsync("link", "rm", created.Link.Id).ShouldFailWithAsync(ExitCodes.NotFound);
        await owner.RunAsync("link", "rm", created.Link.Id).ShouldSucceedAsync();

        // The README's own examples: durations work on every --expires, and a bad one is a usage error, never a crash.
        var week = JsonSerializer.Deserialize((await owner.RunAsync("link", "create", "/team", "--expires", "7d", "--json").ShouldSucceedAsync()).Out,
            CliJsonContext.Default.CreatedLinkInfo)!;
        Assert.InRange(week.Link.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(5));
        var later = JsonSerializer.Deserialize((await owner.RunAsync("link", "update", week.Link.Id, "--expires", "2w", "--json").ShouldSucceedAsync()).Out,
            CliJsonContext.Default.LinkInfo)!;
        Assert.InRange(later.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(14).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(14).AddMinutes(5));
        await owner.RunAsync("share", "/team", "--user", bobName, "--expires", "30d").ShouldSucceedAsync();
        foreach (var args in new[]
        {
            new[] { "link", "create", "/team", "--expires", "someday" },
            ["link", "update", week.Link.Id, "--expires", "someday"],
            ["share", "/team", "--user", bobName, "--expires", "someday"],
            ["tokens", "create", "script", "--expires", "someday"],
            ["link", "update", week.Link.Id, "--max-downloads", "many"],
        })
        {
            var refused = await owner.RunAsync(args).ShouldFailWithAsync(ExitCodes.Usage);
            Assert.Contains(args[^1] == "many" ? "'many' is not valid for --max-downloads: expected a whole number" : "'someday' is not an expiry",
                refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", refused.Error, StringComparison.Ordinal);
        }

        await owner.RunAsync("unshare", share.Id).ShouldSucceedAsync();
        await bob.RunAsync("ls", "/team").ShouldFailWithAsync(ExitCodes.NotFound);
    }

    private async Task<(CliRunner Cli, string Username)> SignUpAsync(CliRunner admin)
    {
        var username = "shr" + Guid.NewGuid().ToString("N")[..10];
        await admin.With("DEPOT_NEW_PASSWORD", "user-password-123").RunAsync("users", "create", username).ShouldSucceedAsync();
        var cli = new CliRunner().With("DEPOT_PASSWORD", "user-password-123");
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", username).ShouldSucceedAsync();
        return (cli, username);
    }
}
