namespace Depot.Protocol.Auth;

/// <summary>
/// Answer of <c>GET /api/v1/auth/antiforgery</c>: send <see cref="Token"/> in the header <see cref="HeaderName"/> on
/// every state-changing request that a session cookie authenticates.
/// </summary>
public sealed record AntiforgeryToken(string Token, string HeaderName);
