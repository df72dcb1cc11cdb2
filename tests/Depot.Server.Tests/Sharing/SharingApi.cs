using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Sharing;

/// <summary>The REST calls the sharing tests make, over sockets.</summary>
internal static class SharingApi
{
    public static async Task PutFileAsync(this HttpClient http, string path, string content)
    {
        using var response = await http.PutAsync("/api/v1/files" + path, new StringContent(content));
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task MkdirAsync(this HttpClient http, string path)
    {
        using var response = await http.PostAsync("/api/v1/folders" + path, null);
        Assert.True(response.IsSuccessStatusCode, $"mkdir {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static Task<HttpResponseMessage> ShareAsync(this HttpClient http, string path, string? user, string role, string? group = null,
        DateTimeOffset? expiresAt = null) =>
        http.PostAsJsonAsync("/api/v1/shares", new CreateShareRequest(path, user, group, role, expiresAt), DepotJsonContext.Default.CreateShareRequest);

    public static async Task<ShareInfo> ShareOkAsync(this HttpClient http, string path, string? user, string role, string? group = null,
        DateTimeOffset? expiresAt = null)
    {
        using var response = await http.ShareAsync(path, user, role, group, expiresAt);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"share {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.ShareInfo))!;
    }

    public static async Task<ShareInfo[]> IncomingAsync(this HttpClient http) =>
        (await http.GetFromJsonAsync("/api/v1/shares/incoming", DepotJsonContext.Default.ShareInfoArray))!;

    public static async Task<NodeInfo> MountAsync(this HttpClient http, string nodeId, string path)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/mounts", new CreateMountRequest(nodeId, path), DepotJsonContext.Default.CreateMountRequest);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"mount {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.NodeInfo))!;
    }

    /// <summary>Shares <paramref name="path"/> of <paramref name="owner"/> with <paramref name="recipient"/> and mounts it at /<paramref name="mountName"/>.</summary>
    public static async Task<ShareInfo> ShareAndMountAsync(TestUser owner, string path, TestUser recipient, string role, string mountName)
    {
        var share = await owner.Http.ShareOkAsync(path, recipient.Username, role);
        await recipient.Http.MountAsync(share.NodeId, "/" + mountName);
        return share;
    }

    public static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            if (code is not null)
            {
                Assert.Contains($"\"code\":\"{code}\"", body, StringComparison.Ordinal);
            }
        }
    }
}

internal static class LinkApi
{
    public static Task<HttpResponseMessage> LinkAsync(this HttpClient http, string path, string? mode = null, string? password = null,
        DateTimeOffset? expiresAt = null, long? maxDownloads = null) =>
        http.PostAsJsonAsync("/api/v1/links", new CreateLinkRequest(path, mode, password, expiresAt, maxDownloads),
            DepotJsonContext.Default.CreateLinkRequest);

    public static async Task<CreatedLinkInfo> LinkOkAsync(this HttpClient http, string path, string? mode = null, string? password = null,
        DateTimeOffset? expiresAt = null, long? maxDownloads = null)
    {
        using var response = await http.LinkAsync(path, mode, password, expiresAt, maxDownloads);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"link {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedLinkInfo))!;
    }

    public static HttpRequestMessage Visit(HttpMethod method, string url, string? password = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (password is not null)
        {
            request.Headers.Add(LinkModes.PasswordHeader, password);
        }

        return request;
    }
}
