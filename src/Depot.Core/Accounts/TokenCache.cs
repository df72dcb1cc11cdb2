using System.Collections.Concurrent;

namespace Depot.Core.Accounts;

/// <summary>
/// Tokens this node validated in the last 30 s, with their owner, keyed by the token's hash (never the secret),
/// so a bearer request does not cost a connection and two queries (the benchmark's 4 KiB reads spent about a
/// third of their SQL on it).
/// <para>
/// Revocation still takes effect on the next request on this node: every change that ends a token's validity
/// (delete, sign-out, password change or reset, disable, demote, delete user) goes through
/// <see cref="SqlAccountStore"/>, which forgets the affected entries right after its write. A lookup that read the
/// database before such a write but stores its answer after it is caught by the generation check and never
/// serves the stale answer. Another node's changes reach this one through the cluster signal (LISTEN/NOTIFY with
/// PostgreSQL, within milliseconds); while that signal is down the store neither reads nor fills this cache, and
/// forgets it all when the signal comes back. <see cref="Lifetime"/> remains the bound for changes made in the
/// database by hand.
/// </para>
/// </summary>
internal sealed class TokenCache
{
    // 30 s: a revocation made in the database by hand (no signal) is honoured within half a minute, and a busy client
    // still makes only two token queries a minute.
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // 10,000 entries of a few hundred bytes: a bound on memory that no single node's active clients reach.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Read before the database lookup and passed to <see cref="Add"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public (TokenRecord Token, UserRecord User)? Find(string hash, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(hash, out var entry))
        {
            return null;
        }

        if (now < entry.CachedAt || now - entry.CachedAt >= Lifetime || now >= entry.Token.ExpiresAt)
        {
            _entries.TryRemove(KeyValuePair.Create(hash, entry));
            return null;
        }

        return (entry.Token, entry.User);
    }

    /// <summary>Stores a lookup's answer, unless something was forgotten since <paramref name="generation"/> was read.</summary>
    public void Add(string hash, TokenRecord token, UserRecord user, DateTimeOffset now, long generation)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var entry = new Entry(token, user, now);
        _entries[hash] = entry;
        if (Generation != generation)
        {
            _entries.TryRemove(KeyValuePair.Create(hash, entry));
        }
    }

    /// <summary>Records a new last-use time in the cached token, so the once-a-minute touch is not repeated per request.</summary>
    public void Touched(string tokenId, DateTimeOffset at)
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Token.Id == tokenId)
            {
                _entries.TryUpdate(hash, entry with { Token = entry.Token with { LastUsedAt = at } }, entry);
            }
        }
    }

    /// <summary>Forgets every entry: evictions from other nodes may have been missed.</summary>
    public void ForgetAll() => Forget(_ => true);

    public void ForgetToken(string tokenId) => Forget(e => e.Token.Id == tokenId);

    /// <summary>Forgets every token of a user (but <paramref name="exceptTokenId"/>): their user row or tokens changed.</summary>
    public void ForgetUser(string userId, string? exceptTokenId = null) =>
        Forget(e => e.User.Id == userId && e.Token.Id != exceptTokenId);

    private void Forget(Func<Entry, bool> match)
    {
        // Generation first: a lookup that stores its answer from now on re-checks and drops it.
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _entries)
        {
            if (match(entry))
            {
                // By key, whatever the value is now: a concurrent Touched may have replaced it.
                _entries.TryRemove(hash, out _);
            }
        }
    }

    private sealed record Entry(TokenRecord Token, UserRecord User, DateTimeOffset CachedAt);
}
