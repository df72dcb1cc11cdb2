using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Sharing;

namespace Depot.Web.Tests;

/// <summary>The sharing calls the browser tests set up and check with, over the public REST API.</summary>
internal static class SharingRest
{
    public static async Task<ShareInfo> ShareAsync(this HttpClient http, string path, string user, string role)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/shares", new CreateShareRequest(path, user, null, role, null),
            DepotJsonContext.Default.CreateShareRequest);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.ShareInfo))!;
    }

    public static async Task<ShareInfo[]> SharesAsync(this HttpClient http, string path) =>
        (await http.GetFromJsonAsync($"/api/v1/shares?path={Uri.EscapeDataString(path)}", DepotJsonContext.Default.ShareInfoArray))!;

    public static async Task<LinkInfo[]> LinksAsync(this HttpClient http, string path) =>
        (await http.GetFromJsonAsync($"/api/v1/links?path={Uri.EscapeDataString(path)}", DepotJsonContext.Default.LinkInfoArray))!;

    /// <summary>A public link to <paramref name="path"/>; its one-time URL is in the answer.</summary>
    public static async Task<CreatedLinkInfo> CreateLinkAsync(this HttpClient http, string path, string? mode = null, string? password = null)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/links", new CreateLinkRequest(path, mode, password), DepotJsonContext.Default.CreateLinkRequest);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedLinkInfo))!;
    }

    public static async Task MountAsync(this HttpClient http, string nodeId, string path)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/mounts", new CreateMountRequest(nodeId, path), DepotJsonContext.Default.CreateMountRequest);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task<HttpStatusCode> StatusOfPutAsync(this HttpClient http, string path, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        using var response = await http.PutAsync(Rest.Url("files", path), body);
        return response.StatusCode;
    }

    public static async Task<HttpStatusCode> StatusOfGetAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(Rest.Url("files", path));
        return response.StatusCode;
    }
}
