using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Sharing;

namespace Depot.Client;

/// <summary>Public links (<c>/api/v1/links</c>); visitors use the returned <c>/s/{token}</c> URL with any HTTP client.</summary>
public sealed class LinksClient
{
    private readonly ApiConnection _api;

    internal LinksClient(ApiConnection api) => _api = api;

    /// <summary>Creates a link to <paramref name="path"/>; <paramref name="mode"/> is <c>read</c> or <c>dropbox</c>. The token is shown only here.</summary>
    public Task<CreatedLinkInfo> CreateAsync(string path, string? mode = null, string? password = null, DateTimeOffset? expiresAt = null,
        long? maxDownloads = null, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Links, new CreateLinkRequest(path, mode, password, expiresAt, maxDownloads),
            DepotJsonContext.Default.CreateLinkRequest, DepotJsonContext.Default.CreatedLinkInfo, RequestKind.NotIdempotent, cancellationToken);

    public Task<IReadOnlyList<LinkInfo>> ListAsync(string? path = null, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Links + Routes.Query(("path", path)), DepotJsonContext.Default.IReadOnlyListLinkInfo, cancellationToken);

    public Task<LinkInfo> UpdateAsync(string id, UpdateLinkRequest changes, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Patch, Routes.Item(Routes.Links, id), changes, DepotJsonContext.Default.UpdateLinkRequest,
            DepotJsonContext.Default.LinkInfo, RequestKind.NotIdempotent, cancellationToken);

    public Task RevokeAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Item(Routes.Links, id), RequestKind.Idempotent, cancellationToken);
}
