namespace Depot.Protocol.Auth;

/// <summary>One of the caller's passkeys (<c>GET /api/v1/me/passkeys</c>): its name, when it was added and last used to sign in.</summary>
public sealed record PasskeyInfo(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
