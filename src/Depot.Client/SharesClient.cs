using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;

namespace Depot.Client;

/// <summary>Shares (<c>/api/v1/shares</c>), "shared with me" (<c>/api/v1/shares/incoming</c>) and mounts (<c>/api/v1/mounts</c>).</summary>
public sealed class SharesClient
{
    private readonly ApiConnection _api;

    internal SharesClient(ApiConnection api) => _api = api;

    /// <summary>Shares <paramref name="path"/> with a user or a group (exactly one) as viewer, editor or manager.</summary>
    public Task<ShareInfo> CreateAsync(string path, string? user, string? group, string role, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Shares, new CreateShareRequest(path, user, group, role, expiresAt),
            DepotJsonContext.Default.CreateShareRequest, DepotJsonContext.Default.ShareInfo, RequestKind.NotIdempotent, cancellationToken);

    /// <summary>The shares the caller manages (on items they own or shares they made), optionally on one item.</summary>
    public Task<IReadOnlyList<ShareInfo>> ListAsync(string? path = null, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Shares + Routes.Query(("path", path)), DepotJsonContext.Default.IReadOnlyListShareInfo, cancellationToken);

    /// <summary>"Shared with me".</summary>
    public Task<IReadOnlyList<ShareInfo>> ListIncomingAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.IncomingShares, DepotJsonContext.Default.IReadOnlyListShareInfo, cancellationToken);

    public Task<ShareInfo> UpdateAsync(string id, string? role, DateTimeOffset? expiresAt = null, bool clearExpiry = false,
        CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Patch, Routes.Item(Routes.Shares, id), new UpdateShareRequest(role, expiresAt, clearExpiry),
            DepotJsonContext.Default.UpdateShareRequest, DepotJsonContext.Default.ShareInfo, RequestKind.NotIdempotent, cancellationToken);

    public Task RevokeAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Item(Routes.Shares, id), RequestKind.Idempotent, cancellationToken);

    /// <summary>Mounts a shared item (its node id, from <see cref="ListIncomingAsync"/>) at <paramref name="path"/> in the caller's tree.</summary>
    public Task<NodeInfo> MountAsync(string nodeId, string path, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Mounts, new CreateMountRequest(nodeId, path), DepotJsonContext.Default.CreateMountRequest,
            DepotJsonContext.Default.NodeInfo, RequestKind.NotIdempotent, cancellationToken);
}
