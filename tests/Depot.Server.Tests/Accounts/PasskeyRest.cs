using System.Net.Http.Json;
using System.Text.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;

namespace Depot.Server.Tests.Accounts;

/// <summary>Passkey calls as the web app makes them, answered by a <see cref="SoftPasskey"/>.</summary>
internal static class PasskeyRest
{
    public static string Origin(DepotServer server) => server.Address.GetLeftPart(UriPartial.Authority);

    /// <summary>Adds <paramref name="key"/> to <paramref name="user"/>'s account as <paramref name="name"/>.</summary>
    public static async Task<PasskeyInfo> AddAsync(DepotServer server, TestUser user, SoftPasskey key, string name = "Laptop")
    {
        var ceremony = await BeginRegistrationAsync(user);
        using var added = await FinishRegistrationAsync(user, ceremony.ChallengeId, name, key.Create(ceremony.Options, Origin(server)));
        added.EnsureSuccessStatusCode();
        return (await added.Content.ReadFromJsonAsync(DepotJsonContext.Default.PasskeyInfo))!;
    }

    public static async Task<PasskeyCeremonyResponse> BeginRegistrationAsync(TestUser user)
    {
        using var begun = await user.Http.PostAsync("/api/v1/me/passkeys/registration", null);
        begun.EnsureSuccessStatusCode();
        return (await begun.Content.ReadFromJsonAsync(DepotJsonContext.Default.PasskeyCeremonyResponse))!;
    }

    public static Task<HttpResponseMessage> FinishRegistrationAsync(TestUser user, string challengeId, string name, JsonElement credential) =>
        user.Http.PostAsJsonAsync("/api/v1/me/passkeys", new AddPasskeyRequest(challengeId, name, credential), DepotJsonContext.Default.AddPasskeyRequest);

    public static async Task<PasskeyCeremonyResponse> BeginSignInAsync(HttpClient http)
    {
        using var begun = await http.PostAsync("/api/v1/auth/passkeys/sign-in", null);
        begun.EnsureSuccessStatusCode();
        return (await begun.Content.ReadFromJsonAsync(DepotJsonContext.Default.PasskeyCeremonyResponse))!;
    }

    public static Task<HttpResponseMessage> BeginSecondFactorAsync(HttpClient http, string username, string password) =>
        http.PostAsJsonAsync("/api/v1/auth/passkeys/second-factor", new PasskeySecondFactorRequest(username, password),
            DepotJsonContext.Default.PasskeySecondFactorRequest);

    public static Task<HttpResponseMessage> FinishSignInAsync(HttpClient http, string challengeId, JsonElement credential) =>
        http.PostAsJsonAsync("/api/v1/auth/passkeys/session", new PasskeySignInRequest(challengeId, credential),
            DepotJsonContext.Default.PasskeySignInRequest);

    public static async Task<PasskeyInfo[]> ListAsync(TestUser user) =>
        (await user.Http.GetFromJsonAsync("/api/v1/me/passkeys", DepotJsonContext.Default.PasskeyInfoArray))!;
}
