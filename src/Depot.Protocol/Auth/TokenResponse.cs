namespace Depot.Protocol.Auth;

/// <summary>A freshly issued bearer token. The secret is shown once; the server keeps only its hash.</summary>
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);
