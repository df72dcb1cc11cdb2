using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Sharing;

/// <summary>Requests as the link page and a browser make them.</summary>
internal static class LinkPageApi
{
    // What Chromium sends for a navigation.
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    public static HttpRequestMessage Accepting(string url, string accept, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    public static async Task<PublicLinkView> ViewAsync(this HttpClient http, string url, string? cookie = null)
    {
        using var response = await http.SendAsync(Accepting(url, "application/json", cookie));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"view {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.PublicLinkView))!;
    }

    public static async Task<long> DownloadsAsync(this TestUser owner, string linkId)
    {
        var links = await owner.Http.GetFromJsonAsync("/api/v1/links", DepotJsonContext.Default.LinkInfoArray);
        return links!.Single(l => l.Id == linkId).Downloads;
    }
}

internal static class LinkUnlockApi
{
    public static Task<HttpResponseMessage> UnlockAsync(this HttpClient http, string token, string password) =>
        http.PostAsJsonAsync("/api/v1/links/unlock", new UnlockLinkRequest(token, password), DepotJsonContext.Default.UnlockLinkRequest);

    /// <summary>Unlocks and returns the cookie as a request's <c>Cookie</c> header value (name=value).</summary>
    public static async Task<string> UnlockCookieAsync(this HttpClient http, string token, string password)
    {
        using var response = await http.UnlockAsync(token, password);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }
}
