using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// Two server processes on one PostgreSQL database: a TOTP code accepted by one node is refused by the other (the last
/// spent time step lives in the metadata store), and so is a recovery code.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class TwoNodeTwoFactorTests : IAsyncLifetime
{
    private readonly DirectoryInfo _key = Directory.CreateTempSubdirectory("depot-two-node-2fa-");
    private DepotProcess _a = null!;
    private DepotProcess _b = null!;

    public async Task InitializeAsync()
    {
        string[] arguments = [.. TestMetadata.PostgresArguments(_key.FullName)];
        _a = new DepotProcess(extraArguments: arguments);
        _b = new DepotProcess(extraArguments: arguments);
        await _a.StartAsync();
        await _b.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        _key.Delete(recursive: true);
    }

    [Fact]
    public async Task A_code_used_on_one_node_cannot_be_replayed_on_the_other()
    {
        using var alice = await _a.CreateUserAsync();
        using var started = await alice.Http.PostAsync("/api/v1/me/two-factor", null);
        var setup = (await started.Content.ReadFromJsonAsync(DepotJsonContext.Default.TwoFactorSetup))!;
        using var confirmed = await alice.Http.PostAsJsonAsync("/api/v1/me/two-factor/confirm",
            new ConfirmTwoFactorRequest(TotpCodes.Compute(setup.Secret, DateTimeOffset.UtcNow)), DepotJsonContext.Default.ConfirmTwoFactorRequest);
        var recovery = (await confirmed.Content.ReadFromJsonAsync(DepotJsonContext.Default.RecoveryCodesResponse))!.RecoveryCodes[0];

        var code = TotpCodes.Compute(setup.Secret, DateTimeOffset.UtcNow.AddSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(_a, alice, code)).Status);
        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode), await SignInAsync(_b, alice, code));

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(_b, alice, recovery)).Status);
        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode), await SignInAsync(_a, alice, recovery));
    }

    private static async Task<(HttpStatusCode Status, string? Code)> SignInAsync(DepotProcess node, TestUser user, string code)
    {
        using var http = node.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(user.Username, user.Password, code),
            DepotJsonContext.Default.TokenRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, response.IsSuccessStatusCode ? null : body.GetProperty("code").GetString());
    }
}
