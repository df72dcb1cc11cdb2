using System.Runtime.CompilerServices;
using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Client;

/// <summary>Deleted files and folders: <c>/api/v1/trash</c>.</summary>
public sealed class TrashClient
{
    private readonly ApiConnection _api;

    internal TrashClient(ApiConnection api) => _api = api;

    /// <summary>Trash items, newest first, fetching page after page as the caller enumerates.</summary>
    public async IAsyncEnumerable<TrashItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await _api.GetAsync(Routes.Trash + Routes.Query(("cursor", cursor)), DepotJsonContext.Default.TrashListing, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Restores an item to its original path, or to <paramref name="to"/>.</summary>
    public Task<NodeInfo> RestoreAsync(string id, string? to = null, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Item(Routes.Trash, id) + "/restore",
            new RestoreRequest(to is null ? null : DepotPath.Normalize(to)), DepotJsonContext.Default.RestoreRequest,
            DepotJsonContext.Default.NodeInfo, RequestKind.NotIdempotent, cancellationToken);

    /// <summary>Deletes one item for good.</summary>
    public Task PurgeAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Item(Routes.Trash, id), RequestKind.Idempotent, cancellationToken);

    /// <summary>Deletes everything in the trash for good.</summary>
    public Task EmptyAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Trash, RequestKind.Idempotent, cancellationToken);
}
