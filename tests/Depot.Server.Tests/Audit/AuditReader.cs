using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Audit;

namespace Depot.Server.Tests.Audit;

/// <summary>Reads <c>/api/v1/audit</c> page by page, as a client would.</summary>
internal static class AuditReader
{
    public static async Task<List<AuditEventInfo>> ReadAllAsync(HttpClient http, string query = "", int limit = 200)
    {
        var events = new List<AuditEventInfo>();
        string? cursor = null;
        do
        {
            var separator = query.Length == 0 ? "?" : "?" + query + "&";
            var url = $"/api/v1/audit{separator}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await http.GetFromJsonAsync(url, DepotJsonContext.Default.AuditListing);
            events.AddRange(page!.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return events;
    }

    public static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
