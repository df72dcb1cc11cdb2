namespace Depot.Core.Sharing;

/// <summary>A password link unlocked: the cookie value and when it expires; <see cref="Cookie"/> is null for a link without a password.</summary>
public sealed record LinkUnlocked(string? Cookie, DateTimeOffset ExpiresAt);
