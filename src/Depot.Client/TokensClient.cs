using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Auth;

namespace Depot.Client;

/// <summary>The signed-in user's sessions and personal access tokens: <c>/api/v1/me/tokens</c>.</summary>
public sealed class TokensClient
{
    private readonly ApiConnection _api;

    internal TokensClient(ApiConnection api) => _api = api;

    public Task<IReadOnlyList<TokenInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.MyTokens, DepotJsonContext.Default.IReadOnlyListTokenInfo, cancellationToken);

    /// <summary>Creates a personal access token; the secret in the answer is never shown again.</summary>
    public Task<CreatedToken> CreateAsync(string name, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.MyTokens, new CreateTokenRequest(name, expiresAt),
            DepotJsonContext.Default.CreateTokenRequest, DepotJsonContext.Default.CreatedToken, RequestKind.NotIdempotent, cancellationToken);

    public Task RevokeAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Item(Routes.MyTokens, id), RequestKind.Idempotent, cancellationToken);
}
