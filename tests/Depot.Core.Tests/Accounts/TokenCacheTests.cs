using Depot.Core.Accounts;

namespace Depot.Core.Tests.Accounts;

public sealed class TokenCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (TokenRecord, UserRecord) Row(string tokenId, string userId) => (
        new TokenRecord(tokenId, userId, "session", null, Now, Now.AddDays(1), null, null),
        new UserRecord(userId, userId, "x", false, false, null, 0, "root", Now));

    [Fact]
    public void A_cached_token_is_served_for_30_seconds_and_never_past_its_expiry()
    {
        var cache = new TokenCache();
        var (token, user) = Row("t1", "u1");
        cache.Add("h1", token with { ExpiresAt = Now.AddSeconds(10) }, user, Now, cache.Generation);

        Assert.NotNull(cache.Find("h1", Now.AddSeconds(9)));
        Assert.Null(cache.Find("h1", Now.AddSeconds(10)));

        cache.Add("h1", token, user, Now, cache.Generation);
        Assert.NotNull(cache.Find("h1", Now.AddSeconds(29)));
        Assert.Null(cache.Find("h1", Now.AddSeconds(30)));
    }

    [Fact]
    public void Forgetting_a_token_or_a_user_drops_exactly_their_entries()
    {
        var cache = new TokenCache();
        foreach (var (hash, tokenId, userId) in new[] { ("h1", "t1", "u1"), ("h2", "t2", "u1"), ("h3", "t3", "u2") })
        {
            var (token, user) = Row(tokenId, userId);
            cache.Add(hash, token, user, Now, cache.Generation);
        }

        cache.ForgetToken("t3");
        Assert.Null(cache.Find("h3", Now));
        cache.ForgetUser("u1", exceptTokenId: "t2");
        Assert.Null(cache.Find("h1", Now));
        Assert.NotNull(cache.Find("h2", Now));
        cache.ForgetUser("u1");
        Assert.Null(cache.Find("h2", Now));
    }

    [Fact]
    public void A_lookup_that_raced_with_a_revocation_does_not_store_its_stale_answer()
    {
        var cache = new TokenCache();
        var (token, user) = Row("t1", "u1");
        var before = cache.Generation;   // the lookup starts and reads the database ...
        cache.ForgetToken("t1");         // ... the token is revoked meanwhile ...
        cache.Add("h1", token, user, Now, before);   // ... and the lookup's answer arrives late.

        Assert.Null(cache.Find("h1", Now));
    }

    [Fact]
    public void A_touch_updates_the_cached_last_use_time()
    {
        var cache = new TokenCache();
        var (token, user) = Row("t1", "u1");
        cache.Add("h1", token, user, Now, cache.Generation);
        cache.Touched("t1", Now.AddSeconds(5));

        Assert.Equal(Now.AddSeconds(5), cache.Find("h1", Now.AddSeconds(6))!.Value.Token.LastUsedAt);
    }
}
