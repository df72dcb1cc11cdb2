using System.Net.Http.Json;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.Server.Tests.Accounts;

/// <summary>Two-factor calls as a client makes them, and codes computed as an authenticator app would.</summary>
internal static class TwoFactorRest
{
    /// <summary>Starts and confirms an enrolment for <paramref name="user"/>; answers the key and the recovery codes.</summary>
    public static async Task<(string Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(TestUser user)
    {
        using var started = await user.Http.PostAsync("/api/v1/me/two-factor", null);
        started.EnsureSuccessStatusCode();
        var setup = (await started.Content.ReadFromJsonAsync(DepotJsonContext.Default.TwoFactorSetup))!;
        using var confirmed = await user.Http.PostAsJsonAsync("/api/v1/me/two-factor/confirm",
            new ConfirmTwoFactorRequest(CodeNow(setup.Secret)), DepotJsonContext.Default.ConfirmTwoFactorRequest);
        confirmed.EnsureSuccessStatusCode();
        var codes = (await confirmed.Content.ReadFromJsonAsync(DepotJsonContext.Default.RecoveryCodesResponse))!;
        return (setup.Secret, codes.RecoveryCodes);
    }

    public static string CodeNow(string secret) => TotpCodes.Compute(secret, DateTimeOffset.UtcNow);

    /// <summary>The next step's code: accepted (one step of drift is allowed) and not yet spent by the confirmation.</summary>
    public static string NextCode(string secret) => TotpCodes.Compute(secret, DateTimeOffset.UtcNow.AddSeconds(30));

    public static async Task<HttpResponseMessage> SignInAsync(DepotServer server, string username, string password, string? code)
    {
        using var http = server.CreateHttpClient();
        return await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password, code), DepotJsonContext.Default.TokenRequest);
    }

    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : null;
}
