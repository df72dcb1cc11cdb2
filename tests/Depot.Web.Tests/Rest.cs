using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Web.Tests;

/// <summary>Checks through the public REST API, as the user the browser signed in as.</summary>
internal static class Rest
{
    public static string Url(string prefix, string path) =>
        $"/api/v1/{prefix}/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));

    public static async Task PutAsync(this HttpClient http, string path, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        using var response = await http.PutAsync(Url("files", path) + "?parents=true", body);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<byte[]?> GetBytesAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(Url("files", path));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
    }

    public static async Task<FolderListing> ListAsync(this HttpClient http, string path) =>
        (await http.GetFromJsonAsync(Url("folders", path).TrimEnd('/'), DepotJsonContext.Default.FolderListing))!;

    /// <summary>Polls until <paramref name="check"/> holds: the UI's requests finish after its clicks return. Bounded.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> check)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await check())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The expected state was not reached within 30 seconds.");
    }
}
