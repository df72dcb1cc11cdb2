namespace Depot.Protocol.Auth;

/// <summary>
/// Answer of <c>POST /api/v1/auth/session</c>. The secret is never in the body: it is set as an HttpOnly cookie,
/// so script in the page (the app's or an injected one) can never read it.
/// </summary>
public sealed record SessionResponse(string Username, DateTimeOffset ExpiresAt);
