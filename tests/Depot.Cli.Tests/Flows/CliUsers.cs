using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>A fresh user per test, logged in with its own <see cref="CliRunner"/>, so tests never share data.</summary>
internal static class CliUsers
{
    public const string Password = "user-password-123";

    public static async Task<CliRunner> AdminAsync(DepotServer server)
    {
        var admin = new CliRunner().With("DEPOT_PASSWORD", DepotServer.AdminPassword);
        await admin.RunAsync("login", server.Address.AbsoluteUri, "-u", "admin").ShouldSucceedAsync();
        return admin;
    }

    public static async Task<(CliRunner Cli, string Username)> SignUpAsync(DepotServer server)
    {
        using var admin = await AdminAsync(server);
        var username = "u" + Guid.NewGuid().ToString("N")[..12];
        await admin.With("DEPOT_NEW_PASSWORD", Password).RunAsync("users", "create", username).ShouldSucceedAsync();
        var cli = new CliRunner().With("DEPOT_PASSWORD", Password);
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", username).ShouldSucceedAsync();
        return (cli, username);
    }
}
