using System.Net;
using System.Text.Json;

namespace Depot.Bench;

/// <summary>
/// nginx with the WebDAV module: PUT and GET on plain paths, MKCOL for folders, and
/// <c>autoindex_format json</c> for listings (a GET on the folder returns one JSON array).
/// </summary>
internal sealed class NginxTarget(HttpClient http) : HttpTarget("nginx", http)
{
    private static readonly HttpMethod Mkcol = new("MKCOL");

    public override HttpRequestMessage Put(string path, HttpContent content) =>
        new(HttpMethod.Put, Escape(path)) { Content = content };

    public override HttpRequestMessage Get(string path) => new(HttpMethod.Get, Escape(path));

    // Needs the dav_ext module (run.sh loads it from nginx-extras when it is there); it answers allprop too.
    public override HttpRequestMessage Propfind(string path, bool allprop) => DavRequests.Propfind(Escape(path.TrimEnd('/')) + "/", allprop);

    // Only Depot has a health probe: the /healthz row is context for Depot's own rows.
    public override bool Runs(Phase phase) => phase.Id != Phases.WrkHealth;

    public override async Task CreateFolderAsync(string path, CancellationToken cancellationToken)
    {
        // MKCOL has no "parents" flag: create each level; 405 means it already exists.
        var prefix = "";
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += segment + "/";
            using var response = await Http.SendAsync(new HttpRequestMessage(Mkcol, Escape(prefix)), cancellationToken);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.MethodNotAllowed)
            {
                throw new HttpRequestException($"MKCOL {prefix} → {(int)response.StatusCode}", null, response.StatusCode);
            }
        }
    }

    public override async Task<int> CountFolderAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Get(path.TrimEnd('/') + "/"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var listing = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return listing.RootElement.GetArrayLength();
    }

    private static string Escape(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
