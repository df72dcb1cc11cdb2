namespace Depot.Core.Accounts;

/// <summary>A row of <c>tokens</c>: never the secret, only its hash.</summary>
public sealed record TokenRecord(
    string Id,
    string UserId,
    string Kind,
    string? Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    string? CreatedFrom);
