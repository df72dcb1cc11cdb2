using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Depot.Bench;

/// <summary>
/// Depot's REST API (docs/api.md): a bearer token from <c>/api/v1/auth/token</c>, files under
/// <c>/api/v1/files</c>, folders under <c>/api/v1/folders</c>, listings paged by <c>nextCursor</c>. Its WebDAV
/// (<c>/dav/</c>) is spoken as a WebDAV client speaks it: HTTP Basic on every request with an app password created
/// through the API (docs/webdav.md), never the account password.
/// </summary>
internal sealed class DepotTarget(string name, HttpClient http, string username, string password) : HttpTarget(name, http)
{
    // The API's maximum page: the fewest round trips for a full listing.
    private const int PageSize = 1000;

    private string? _appPassword;

    private string AppPassword => _appPassword ?? throw new InvalidOperationException("no app password: PrepareAsync did not run");

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync("api/v1/auth/token", new { username, password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/v1/auth/token → {(int)response.StatusCode}", null, response.StatusCode);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var token = json.RootElement.GetProperty("token").GetString();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var created = await Http.PostAsJsonAsync("api/v1/me/app-passwords", new { name = "depot-bench " + Name }, cancellationToken);
        if (!created.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/v1/me/app-passwords → {(int)created.StatusCode}", null, created.StatusCode);
        }

        using var secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken));
        _appPassword = secret.RootElement.GetProperty("password").GetString();
    }

    public override HttpRequestMessage Put(string path, HttpContent content) =>
        new(HttpMethod.Put, "api/v1/files/" + Escape(path)) { Content = content };

    public override HttpRequestMessage Get(string path) => new(HttpMethod.Get, "api/v1/files/" + Escape(path));

    // WebDAV clients send Basic with every request; that is the cost measured (an app password is looked up by its hash).
    public override HttpRequestMessage DavPut(string path, HttpContent content) =>
        DavRequests.WithBasic(new HttpRequestMessage(HttpMethod.Put, "dav/" + Escape(path)) { Content = content }, username, AppPassword);

    public override HttpRequestMessage DavGet(string path) =>
        DavRequests.WithBasic(new HttpRequestMessage(HttpMethod.Get, "dav/" + Escape(path)), username, AppPassword);

    public override HttpRequestMessage Propfind(string path, bool allprop) =>
        DavRequests.WithBasic(DavRequests.Propfind("dav/" + Escape(path) + "/", allprop), username, AppPassword);

    public override WrkRequest? WrkHealth() => new(new Uri(Http.BaseAddress!, "healthz"), null);

    public override async Task CreateFolderAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/v1/folders/" + Escape(path) + "?parents=true"),
            HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public override async Task<int> CountFolderAsync(string path, CancellationToken cancellationToken)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var url = $"api/v1/folders/{Escape(path)}?limit={PageSize}"
                + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url),
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var page = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            count += page.RootElement.GetProperty("items").GetArrayLength();
            cursor = page.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String
                ? next.GetString()
                : null;
        }
        while (cursor is not null);

        return count;
    }

    private static string Escape(string path) =>
        string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
}
