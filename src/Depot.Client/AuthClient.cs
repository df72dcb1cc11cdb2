using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Auth;

namespace Depot.Client;

/// <summary>Logging in and out: <c>/api/v1/auth/token</c>.</summary>
public sealed class AuthClient
{
    private readonly ApiConnection _api;

    internal AuthClient(ApiConnection api) => _api = api;

    /// <summary>
    /// Exchanges a password for a session token, which the client then sends with every call. An account with two-factor
    /// sign-in needs <paramref name="code"/> (TOTP or recovery code); without it the server answers
    /// <see cref="ErrorCodes.TwoFactorRequired"/>.
    /// </summary>
    public async Task<TokenResponse> LoginAsync(string username, string password, string? code = null, CancellationToken cancellationToken = default)
    {
        // Not retried after it may have reached the server: a repeated login counts against the throttle.
        var response = await _api.SendJsonAsync(HttpMethod.Post, Routes.Token, new TokenRequest(username, password, code),
            DepotJsonContext.Default.TokenRequest, DepotJsonContext.Default.TokenResponse, RequestKind.NotIdempotent, cancellationToken);
        _api.AccessToken = response.Token;
        return response;
    }

    /// <summary>Revokes the token in use and stops sending it.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        await _api.SendAsync(HttpMethod.Delete, Routes.Token, RequestKind.Idempotent, cancellationToken);
        _api.AccessToken = null;
    }
}
