using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Changes;

namespace Depot.Server.Tests.Changes;

/// <summary>The change-feed calls the tests make, over sockets.</summary>
internal static class ChangesApi
{
    public static async Task<string> CursorAsync(this HttpClient http) =>
        (await http.GetFromJsonAsync("/api/v1/changes", DepotJsonContext.Default.ChangesPage))!.Cursor;

    public static async Task<ChangesPage> ChangesAsync(this HttpClient http, string cursor, int? limit = null, int? wait = null)
    {
        var query = $"/api/v1/changes?cursor={Uri.EscapeDataString(cursor)}" + (limit is null ? "" : $"&limit={limit}") + (wait is null ? "" : $"&wait={wait}");
        using var response = await http.GetAsync(query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.ChangesPage))!;
    }

    /// <summary>Every change after <paramref name="cursor"/>, page by page.</summary>
    public static async Task<List<ChangeInfo>> AllChangesAsync(this HttpClient http, string cursor)
    {
        var all = new List<ChangeInfo>();
        ChangesPage page;
        do
        {
            page = await http.ChangesAsync(cursor);
            all.AddRange(page.Changes);
            cursor = page.Cursor;
        }
        while (page.HasMore);

        return all;
    }
}
