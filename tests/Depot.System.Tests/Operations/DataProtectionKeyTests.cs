using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// Issue 9, point 12: the keys that sign antiforgery tokens live in Depot's metadata store, so they travel with the data
/// folder (a backup, a move to another machine or account) instead of staying in the home folder.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class DataProtectionKeyTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _firstHome = Directory.CreateTempSubdirectory("depot-home1-");
    private readonly DirectoryInfo _secondHome = Directory.CreateTempSubdirectory("depot-home2-");

    [Fact]
    public async Task A_web_session_survives_a_restart_under_another_home_folder()
    {
        await using var depot = new DepotProcess(output);
        depot.Environment["HOME"] = _firstHome.FullName;
        await depot.StartAsync();
        using var user = await depot.CreateUserAsync();

        using var http = depot.CreateHttpClient();
        using var signIn = await http.PostAsJsonAsync("/api/v1/auth/session", new TokenRequest(user.Username, user.Password),
            DepotJsonContext.Default.TokenRequest);
        signIn.EnsureSuccessStatusCode();
        var session = CookieOf(signIn, "depot-session");
        using var tokenRequest = WithCookies(HttpMethod.Get, "/api/v1/auth/antiforgery", session);
        using var tokenResponse = await http.SendAsync(tokenRequest);
        var antiforgery = (await tokenResponse.Content.ReadFromJsonAsync(DepotJsonContext.Default.AntiforgeryToken))!;
        var cookies = session + "; " + CookieOf(tokenResponse, "depot-csrf");

        // Another machine or account, same data folder: only the data folder carries the key ring now.
        depot.Environment["HOME"] = _secondHome.FullName;
        await depot.RestartAsync();

        using var write = WithCookies(HttpMethod.Post, "/api/v1/folders/after-restart", cookies);
        write.Headers.Add(antiforgery.HeaderName, antiforgery.Token);
        using var written = await http.SendAsync(write);
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_firstHome.FullName, ".aspnet")), "keys were written to the home folder");
        Assert.False(Directory.Exists(Path.Combine(_secondHome.FullName, ".aspnet")), "keys were written to the home folder");
    }

    private static string CookieOf(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), h => h.StartsWith(name + "=", StringComparison.Ordinal)).Split(';')[0];

    private static HttpRequestMessage WithCookies(HttpMethod method, string url, string cookies)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", cookies);
        return request;
    }

    public void Dispose()
    {
        _firstHome.Delete(recursive: true);
        _secondHome.Delete(recursive: true);
    }
}
