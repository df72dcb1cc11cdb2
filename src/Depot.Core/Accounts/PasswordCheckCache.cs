using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Accounts;

/// <summary>
/// Passwords this node verified in the last few minutes, for HTTP Basic: WebDAV clients send the password with every
/// request, and each PBKDF2 verification costs about 200 ms of CPU. Keyed by an HMAC of (username, password) under a
/// key that lives only in this process, so the memory never holds anything a password could be guessed from offline.
/// <para>
/// An entry only says "this password matched this password hash". <see cref="BasicAuthenticator"/> re-reads the user
/// on every hit and accepts it only while the stored hash is still that one and the account is enabled, so a password
/// change, reset, disable or delete, on any node, takes effect on the very next request.
/// </para>
/// </summary>
internal sealed class PasswordCheckCache
{
    // Five minutes: a client's burst of requests (a folder sync, a Finder browse) costs one PBKDF2 verification.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // Bounded memory whatever the traffic: past this many live entries the cache starts over.
    private const int MaxEntries = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public string KeyOf(string username, string password) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(SqlAccountStore.UsernameKey(username) + "\0" + password)));

    public Entry? Find(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (now < entry.CachedAt || now - entry.CachedAt >= Lifetime)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            return null;
        }

        return entry;
    }

    public void Add(string key, string userId, string passwordHash, DateTimeOffset now)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(userId, passwordHash, now);
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    public sealed record Entry(string UserId, string PasswordHash, DateTimeOffset CachedAt);
}
