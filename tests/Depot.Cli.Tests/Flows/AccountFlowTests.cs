using System.Text.Json;
using Depot.Cli.Output;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>Accounts through the CLI against a real server: admin creates a user, the user logs in, works, logs out.</summary>
public sealed class AccountFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Admin_creates_a_user_who_logs_in_manages_tokens_changes_password_and_logs_out()
    {
        using var admin = new CliRunner().With("DEPOT_PASSWORD", DepotServer.AdminPassword);
        await admin.RunAsync("login", server.Address.AbsoluteUri, "--username", "admin").ShouldSucceedAsync();
        var config = await File.ReadAllTextAsync(admin.ConfigFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(admin.ConfigFile));
        }

        var username = "cli" + Guid.NewGuid().ToString("N")[..10];
        admin.With("DEPOT_NEW_PASSWORD", "first-password-123");
        var created = await admin.RunAsync("users", "create", username, "--quota", "10GiB", "--json").ShouldSucceedAsync();
        var user = JsonSerializer.Deserialize(created.Out, CliJsonContext.Default.UserInfo)!;
        Assert.Equal(10L << 30, user.QuotaBytes);
        await admin.RunAsync("users", "create", username).ShouldFailWithAsync(ExitCodes.Conflict);
        await admin.RunAsync("users", "quota", username, "unlimited").ShouldSucceedAsync();
        var listed = await admin.RunAsync("users", "ls", "--json").ShouldSucceedAsync();
        Assert.Contains(JsonSerializer.Deserialize(listed.Out, CliJsonContext.Default.IReadOnlyListUserInfo)!, u => u.Username == username && u.QuotaBytes is null);

        using var alice = new CliRunner();
        await alice.RunWithInputAsync("first-password-123\n", "login", server.Address.AbsoluteUri, "-u", username, "--password-stdin").ShouldSucceedAsync();
        var whoami = await alice.RunAsync("whoami").ShouldSucceedAsync();
        Assert.Contains(username, whoami.Out);
        Assert.DoesNotContain(JsonDocument.Parse(await File.ReadAllTextAsync(alice.ConfigFile)).RootElement.GetProperty("token").GetString()!, whoami.Out + whoami.Error);
        await alice.RunAsync("users", "ls").ShouldFailWithAsync(ExitCodes.Auth);

        var token = await alice.RunAsync("tokens", "create", "backup-script", "--expires", "30d", "--json").ShouldSucceedAsync();
        var tokenId = JsonDocument.Parse(token.Out).RootElement.GetProperty("info").GetProperty("id").GetString()!;
        var tokens = await alice.RunAsync("tokens", "ls", "--json").ShouldSucceedAsync();
        Assert.Contains(JsonSerializer.Deserialize(tokens.Out, CliJsonContext.Default.IReadOnlyListTokenInfo)!, t => t.Id == tokenId);
        await alice.RunAsync("tokens", "revoke", tokenId).ShouldSucceedAsync();

        await alice.With("DEPOT_PASSWORD", "first-password-123").With("DEPOT_NEW_PASSWORD", "second-password-456")
            .RunAsync("passwd").ShouldSucceedAsync();
        await admin.RunAsync("users", "disable", username).ShouldSucceedAsync();
        await admin.RunAsync("users", "enable", username).ShouldSucceedAsync();

        await alice.RunAsync("logout").ShouldSucceedAsync();
        await alice.RunAsync("whoami").ShouldFailWithAsync(ExitCodes.Auth);
        await alice.With("DEPOT_PASSWORD", "first-password-123").RunAsync("login", server.Address.AbsoluteUri, "-u", username)
            .ShouldFailWithAsync(ExitCodes.Auth);
        await alice.With("DEPOT_PASSWORD", "second-password-456").RunAsync("login", server.Address.AbsoluteUri, "-u", username).ShouldSucceedAsync();

        await admin.RunAsync("users", "delete", username, "--yes").ShouldSucceedAsync();
        await alice.RunAsync("whoami").ShouldFailWithAsync(ExitCodes.Auth);
        Assert.Contains("\"token\"", config);
    }

    [Fact]
    public async Task Login_without_a_password_source_is_a_usage_error_and_a_dead_server_a_network_error()
    {
        using var cli = new CliRunner();

        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", "admin").ShouldFailWithAsync(ExitCodes.Usage);
        await cli.With("DEPOT_PASSWORD", "x").RunAsync("login", "http://127.0.0.1:1", "-u", "admin").ShouldFailWithAsync(ExitCodes.Network);
        await cli.RunAsync("ls").ShouldFailWithAsync(ExitCodes.Auth);
        await cli.RunAsync("whoami", "--no-such-option").ShouldFailWithAsync(ExitCodes.Usage);
    }
}
