using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Files;

namespace Depot.Web.Tests;

/// <summary>REST checks the browser tests need beyond <see cref="Rest"/>: sign-in outcomes, tokens, folders, trash.</summary>
internal static class AccountRest
{
    /// <summary>The status of a bearer-token sign-in: 200 when the password works, 401 when it does not.</summary>
    public static async Task<HttpStatusCode> SignInStatusAsync(this HttpClient anonymous, string username, string password)
    {
        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password), DepotJsonContext.Default.TokenRequest);
        return response.StatusCode;
    }

    public static async Task<HttpStatusCode> MeStatusAsync(this HttpClient http)
    {
        using var response = await http.GetAsync("/api/v1/me");
        return response.StatusCode;
    }

    public static async Task<IReadOnlyList<TokenInfo>> TokensAsync(this HttpClient http) =>
        (await http.GetFromJsonAsync("/api/v1/me/tokens", DepotJsonContext.Default.IReadOnlyListTokenInfo))!;

    public static async Task MkdirAsync(this HttpClient http, string path)
    {
        using var response = await http.PostAsync(Rest.Url("folders", path) + "?parents=true", null);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<TrashListing> TrashAsync(this HttpClient http) =>
        (await http.GetFromJsonAsync("/api/v1/trash?limit=1000", DepotJsonContext.Default.TrashListing))!;
}
