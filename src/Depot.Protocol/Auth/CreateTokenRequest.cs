namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/me/tokens</c>: a personal access token for scripts and the CLI.</summary>
public sealed record CreateTokenRequest(string Name, DateTimeOffset? ExpiresAt);
