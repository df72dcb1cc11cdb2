namespace Depot.Protocol.Auth;

/// <summary>A new personal access token: <see cref="Token"/> is the secret, shown only this once.</summary>
public sealed record CreatedToken(string Token, TokenInfo Info);
