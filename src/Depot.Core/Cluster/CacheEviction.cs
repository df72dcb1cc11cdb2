namespace Depot.Core.Cluster;

/// <summary>
/// What every node must forget from its caches after a write that ended some validity: one token
/// (<c>token:&lt;id&gt;</c>) or every token of a user but <see cref="Except"/> (<c>user:&lt;id&gt;[:&lt;except&gt;]</c>),
/// whose user row (disabled, password, admin flag) the cached entries carry. The payload names ids only, never a secret.
/// </summary>
public sealed record CacheEviction(string Kind, string Id, string? Except = null)
{
    public const string TokenKind = "token";
    public const string UserKind = "user";

    public static CacheEviction Token(string tokenId) => new(TokenKind, tokenId);

    public static CacheEviction User(string userId, string? exceptTokenId = null) => new(UserKind, userId, exceptTokenId);

    public string ToPayload() => Except is null ? $"{Kind}:{Id}" : $"{Kind}:{Id}:{Except}";

    /// <summary>The eviction a payload names, or null for one this version does not know (a newer node's).</summary>
    public static CacheEviction? Parse(string payload)
    {
        var parts = payload.Split(':');
        return parts switch
        {
            [TokenKind, var id] when id.Length > 0 => Token(id),
            [UserKind, var id] when id.Length > 0 => User(id),
            [UserKind, var id, var except] when id.Length > 0 && except.Length > 0 => User(id, except),
            _ => null,
        };
    }
}
