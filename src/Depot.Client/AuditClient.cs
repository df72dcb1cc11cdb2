using System.Globalization;
using System.Runtime.CompilerServices;
using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Audit;

namespace Depot.Client;

/// <summary>The audit log: <c>/api/v1/audit</c>. Users read the events on their items and account; admins read all.</summary>
public sealed class AuditClient
{
    private readonly ApiConnection _api;

    internal AuditClient(ApiConnection api) => _api = api;

    /// <summary>Events newest first, fetching page after page as the caller enumerates.</summary>
    public async IAsyncEnumerable<AuditEventInfo> ListAsync(
        AuditQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await GetPageAsync(query, cursor, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>One page: the first when <paramref name="cursor"/> is null, else the one after it.</summary>
    public Task<AuditListing> GetPageAsync(AuditQuery? query, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Audit + Routes.Query(
                ("from", Instant(query?.From)), ("to", Instant(query?.To)), ("action", query?.Action),
                ("limit", query?.PageSize?.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor)),
            DepotJsonContext.Default.AuditListing, cancellationToken);

    private static string? Instant(DateTimeOffset? at) => at?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
