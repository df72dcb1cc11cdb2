using System.Net.Http.Json;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary><c>depot login</c> for an account with two-factor sign-in: <c>--code</c>, or a prompt at a terminal.</summary>
public sealed class TwoFactorLoginTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Login_takes_the_code_from_the_option_or_asks_for_it_at_a_terminal()
    {
        using var user = await server.CreateUserAsync();
        var (secret, recoveryCodes) = await EnrolAsync(user);
        using var cli = new CliRunner().With("DEPOT_PASSWORD", user.Password);

        var refused = await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", user.Username).ShouldFailWithAsync(ExitCodes.Usage);
        Assert.Contains("--code", refused.Error);

        var code = TotpCodes.Compute(secret, DateTimeOffset.UtcNow.AddSeconds(30));   // the enrolment spent the current step
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", user.Username, "--code", code).ShouldSucceedAsync();
        Assert.Contains(user.Username, (await cli.RunAsync("whoami").ShouldSucceedAsync()).Out);

        // The same code again is a replay; at a terminal the code is asked for (here a recovery code is typed: the next
        // TOTP code would only be valid in up to 30 seconds).
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", user.Username, "--code", code).ShouldFailWithAsync(ExitCodes.Auth);
        cli.Interactive = true;
        var prompted = await cli.RunWithInputAsync(recoveryCodes[0] + "\n", "login", server.Address.AbsoluteUri, "-u", user.Username)
            .ShouldSucceedAsync();
        Assert.Contains("Two-factor code", prompted.Error);
    }

    private static async Task<(string Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(TestUser user)
    {
        using var started = await user.Http.PostAsync("/api/v1/me/two-factor", null);
        var setup = (await started.Content.ReadFromJsonAsync(DepotJsonContext.Default.TwoFactorSetup))!;
        using var confirmed = await user.Http.PostAsJsonAsync("/api/v1/me/two-factor/confirm",
            new ConfirmTwoFactorRequest(TotpCodes.Compute(setup.Secret, DateTimeOffset.UtcNow)), DepotJsonContext.Default.ConfirmTwoFactorRequest);
        confirmed.EnsureSuccessStatusCode();
        return (setup.Secret, (await confirmed.Content.ReadFromJsonAsync(DepotJsonContext.Default.RecoveryCodesResponse))!.RecoveryCodes);
    }
}
