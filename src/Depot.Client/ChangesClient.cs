using System.Globalization;
using System.Runtime.CompilerServices;
using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Changes;

namespace Depot.Client;

/// <summary>
/// The change feed: <c>/api/v1/changes</c>. A sync client lists its tree once, keeps <see cref="GetCursorAsync"/>'s
/// cursor from before the listing, then applies changes after it in order, saving each change's cursor once applied.
/// Every call is a GET that returns the same answer when repeated with the same cursor, so the client's retries
/// (<see cref="DepotClientOptions"/>) never skip or repeat a change.
/// </summary>
public sealed class ChangesClient
{
    /// <summary>How long one long poll of <see cref="WatchAsync"/> waits on the server when nothing happens.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly ApiConnection _api;

    internal ChangesClient(ApiConnection api) => _api = api;

    /// <summary>The feed's current cursor: changes after it are the ones still to come.</summary>
    public async Task<string> GetCursorAsync(CancellationToken cancellationToken = default) =>
        (await _api.GetAsync(Routes.Changes, DepotJsonContext.Default.ChangesPage, cancellationToken)).Cursor;

    /// <summary>
    /// The changes after <paramref name="cursor"/>, oldest first. With <paramref name="wait"/> (at most 60 s) the server
    /// holds the request until a change arrives or the time is up (then the page is empty). A cursor the server no
    /// longer keeps changes for fails with <c>cursor_expired</c> (list again); another account's with <c>invalid_cursor</c>.
    /// </summary>
    public Task<ChangesPage> GetPageAsync(string cursor, int? limit = null, TimeSpan? wait = null, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Changes + Routes.Query(
                ("cursor", cursor), ("limit", limit?.ToString(CultureInfo.InvariantCulture)),
                ("wait", wait is { } w ? ((int)Math.Ceiling(w.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null)),
            DepotJsonContext.Default.ChangesPage, cancellationToken);

    /// <summary>
    /// Every change after <paramref name="cursor"/>, then each new one as it happens (long polls of
    /// <paramref name="wait"/>, default <see cref="DefaultWait"/>), until <paramref name="cancellationToken"/> ends it.
    /// Save the cursor of each change you have applied to continue from there later.
    /// </summary>
    public async IAsyncEnumerable<ChangeInfo> WatchAsync(
        string cursor, TimeSpan? wait = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await GetPageAsync(cursor, wait: wait ?? DefaultWait, cancellationToken: cancellationToken);
            foreach (var change in page.Changes)
            {
                yield return change;
            }

            cursor = page.Cursor;
        }
    }
}
