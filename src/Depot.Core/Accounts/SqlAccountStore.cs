using System.Data.Common;
using Dapper;
using Depot.Core.Cluster;
using Depot.Core.Data;

namespace Depot.Core.Accounts;

/// <summary>
/// Users and tokens in portable SQL over <see cref="IDatabase"/> (SQLite today, PostgreSQL for scale-out). Token
/// lookups are answered from a short-lived cache that every write here keeps honest (<see cref="TokenCache"/>), on this
/// node directly and on the others through <see cref="ClusterSignal"/>.
/// </summary>
public sealed class SqlAccountStore : IAccountStore
{
    private readonly TokenCache _tokens = new();
    private readonly IDatabase _database;
    private readonly ClusterSignal _signal;

    /// <summary>A store alone in its process (tests, commands): evictions stay in-process.</summary>
    public SqlAccountStore(IDatabase database)
        : this(database, new LocalClusterSignal())
    {
    }

    public SqlAccountStore(IDatabase database, ClusterSignal signal)
    {
        _database = database;
        _signal = signal;
        signal.Subscribe(Evict, _tokens.ForgetAll);
    }

    private const string UserColumns =
        "id, username, password_hash AS passwordhash, is_admin AS isadmin, disabled, quota_bytes AS quotabytes, " +
        "used_bytes AS usedbytes, root_id AS rootid, created_at AS createdat, " +
        "(SELECT COUNT(*) FROM two_factor f WHERE f.user_id = users.id AND f.confirmed_at IS NOT NULL) AS twofactor, " +
        "(SELECT COUNT(*) FROM passkeys p WHERE p.user_id = users.id) AS passkeys";

    private const string TokenColumns =
        "t.id, t.user_id AS userid, t.kind, t.name, t.created_at AS createdat, t.expires_at AS expiresat, " +
        "t.last_used_at AS lastusedat, t.created_from AS createdfrom";

    public async Task<int> CountUsersAsync(CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        return await db.ExecuteScalarAsync<int>(Command("SELECT COUNT(*) FROM users", null, cancellationToken));
    }

    public async Task<bool> CreateUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        await using var tx = await _database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        var taken = await db.ExecuteScalarAsync<int>(Command(
            "SELECT COUNT(*) FROM users WHERE username_key = @key", new { key = UsernameKey(user.Username) }, cancellationToken, tx));
        if (taken > 0)
        {
            return false;
        }

        var created = user.CreatedAt.ToUnixTimeMilliseconds();
        await db.ExecuteAsync(Command(
            """
            INSERT INTO users (id, username, username_key, password_hash, is_admin, disabled, quota_bytes, used_bytes, root_id, created_at)
            VALUES (@Id, @Username, @key, @PasswordHash, @admin, @disabled, @QuotaBytes, 0, @RootId, @created)
            """,
            new { user.Id, user.Username, key = UsernameKey(user.Username), user.PasswordHash, admin = user.IsAdmin ? 1 : 0,
                disabled = user.Disabled ? 1 : 0, user.QuotaBytes, user.RootId, created },
            cancellationToken, tx));
        await db.ExecuteAsync(Command(
            """
            INSERT INTO nodes (id, owner_id, parent_id, name, name_key, kind, size, created_at, modified_at)
            VALUES (@RootId, @Id, NULL, '', '', 0, 0, @created, @created)
            """,
            new { user.RootId, user.Id, created }, cancellationToken, tx));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<UserRecord?> FindUserByNameAsync(string username, CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<UserRow>(Command(
            $"SELECT {UserColumns} FROM users WHERE username_key = @key", new { key = UsernameKey(username) }, cancellationToken));
        return row?.ToRecord();
    }

    public async Task<UserRecord?> FindUserByIdAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<UserRow>(Command(
            $"SELECT {UserColumns} FROM users WHERE id = @userId", new { userId }, cancellationToken));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<UserRow>(Command($"SELECT {UserColumns} FROM users ORDER BY username_key", null, cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<int> CountActiveAdminsAsync(CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        return await db.ExecuteScalarAsync<int>(Command(
            "SELECT COUNT(*) FROM users WHERE is_admin = 1 AND disabled = 0", null, cancellationToken));
    }

    public Task UpdateFlagsAsync(string userId, bool disabled, bool isAdmin, CancellationToken cancellationToken) =>
        ChangeUserAsync(userId, "UPDATE users SET disabled = @d, is_admin = @a WHERE id = @userId",
            new { userId, d = disabled ? 1 : 0, a = isAdmin ? 1 : 0 }, cancellationToken);

    public Task SetPasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) =>
        ChangeUserAsync(userId, "UPDATE users SET password_hash = @passwordHash WHERE id = @userId", new { userId, passwordHash }, cancellationToken);

    public Task SetQuotaAsync(string userId, long? quotaBytes, CancellationToken cancellationToken) =>
        ChangeUserAsync(userId, "UPDATE users SET quota_bytes = @quotaBytes WHERE id = @userId", new { userId, quotaBytes }, cancellationToken);

    public async Task DeleteUserAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await _database.OpenAsync(cancellationToken);
            await using var tx = await _database.BeginWriteAsync(db, [WriteScope.Accounts, WriteScope.Tree(userId)], cancellationToken);
            if (!_database.SingleWriter)
            {
                // The user's row before anything it owns. A root created lazily, outside the tree's lock, locks that row
                // (FOR KEY SHARE, SqlFileSession.EnsureRootAsync) and then inserts the root: taken after the nodes, the row
                // was held by that insert while it waited for the root this transaction deletes, a deadlock (40P01).
                await db.ExecuteAsync(Command("SELECT 1 FROM users WHERE id = @userId FOR UPDATE", new { userId }, cancellationToken, tx));
            }

            // Children before parents is not needed: parent_id cascades, and versions cascade from nodes.
            await db.ExecuteAsync(Command("DELETE FROM tokens WHERE user_id = @userId", new { userId }, cancellationToken, tx));
            await db.ExecuteAsync(Command("DELETE FROM two_factor WHERE user_id = @userId", new { userId }, cancellationToken, tx));
            await db.ExecuteAsync(Command("DELETE FROM recovery_codes WHERE user_id = @userId", new { userId }, cancellationToken, tx));
            await db.ExecuteAsync(Command("DELETE FROM passkeys WHERE user_id = @userId", new { userId }, cancellationToken, tx));
            await db.ExecuteAsync(Command("DELETE FROM passkey_challenges WHERE user_id = @userId", new { userId }, cancellationToken, tx));
            await db.ExecuteAsync(Command("DELETE FROM nodes WHERE owner_id = @userId", new { userId }, cancellationToken, tx));
            // The change feed has no foreign key to users on PostgreSQL (migration 0029): it goes here.
            await db.ExecuteAsync(Command("DELETE FROM changes WHERE user_id = @userId", new { userId }, cancellationToken, tx));
            await db.ExecuteAsync(Command("DELETE FROM users WHERE id = @userId", new { userId }, cancellationToken, tx));
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _tokens.ForgetUser(userId);
        }

        await _signal.PublishAsync(CacheEviction.User(userId), cancellationToken);
    }

    public Task CreateTokenAsync(TokenRecord token, string hash, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO tokens (id, user_id, hash, kind, name, created_at, expires_at, last_used_at, created_from)
            VALUES (@Id, @UserId, @hash, @Kind, @Name, @created, @expires, NULL, @CreatedFrom)
            """,
            new { token.Id, token.UserId, hash, token.Kind, token.Name, created = token.CreatedAt.ToUnixTimeMilliseconds(),
                expires = token.ExpiresAt.ToUnixTimeMilliseconds(), token.CreatedFrom },
            cancellationToken);

    public async Task<(TokenRecord Token, UserRecord User)?> FindTokenAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // While the node is not listening for other nodes' evictions, the cache is neither read nor filled.
        var trusted = _signal.Listening;
        if (trusted && _tokens.Find(hash, now) is { } cached)
        {
            return cached;
        }

        var generation = _tokens.Generation;
        await using var db = await _database.OpenAsync(cancellationToken);
        var token = await db.QuerySingleOrDefaultAsync<TokenRow>(Command(
            $"SELECT {TokenColumns} FROM tokens t WHERE t.hash = @hash AND t.expires_at > @now",
            new { hash, now = now.ToUnixTimeMilliseconds() }, cancellationToken));
        if (token is null)
        {
            return null;
        }

        var user = await db.QuerySingleOrDefaultAsync<UserRow>(Command(
            $"SELECT {UserColumns} FROM users WHERE id = @UserId AND disabled = 0", new { token.UserId }, cancellationToken));
        if (user is null)
        {
            return null;
        }

        var found = (token.ToRecord(), user.ToRecord());
        if (trusted && _signal.Listening)
        {
            _tokens.Add(hash, found.Item1, found.Item2, now, generation);
        }

        return found;
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<TokenRow>(Command(
            $"SELECT {TokenColumns} FROM tokens t WHERE t.user_id = @userId AND t.expires_at > @now ORDER BY t.created_at DESC",
            new { userId, now = now.ToUnixTimeMilliseconds() }, cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> DeleteTokenAsync(string userId, string tokenId, CancellationToken cancellationToken)
    {
        bool deleted;
        try
        {
            await using var db = await _database.OpenAsync(cancellationToken);
            deleted = await db.ExecuteAsync(Command(
                "DELETE FROM tokens WHERE id = @tokenId AND user_id = @userId", new { userId, tokenId }, cancellationToken)) > 0;
        }
        finally
        {
            _tokens.ForgetToken(tokenId);
        }

        if (deleted)
        {
            await _signal.PublishAsync(CacheEviction.Token(tokenId), cancellationToken);
        }

        return deleted;
    }

    public async Task DeleteTokensAsync(string userId, string? exceptTokenId, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync("DELETE FROM tokens WHERE user_id = @userId AND (@exceptTokenId IS NULL OR id <> @exceptTokenId)",
                new { userId, exceptTokenId }, cancellationToken);
        }
        finally
        {
            _tokens.ForgetUser(userId, exceptTokenId);
        }

        await _signal.PublishAsync(CacheEviction.User(userId, exceptTokenId), cancellationToken);
    }

    public async Task TouchTokenAsync(string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExecuteAsync("UPDATE tokens SET last_used_at = @now WHERE id = @tokenId",
            new { tokenId, now = now.ToUnixTimeMilliseconds() }, cancellationToken);
        _tokens.Touched(tokenId, now);
    }

    /// <summary>Usernames compare case-insensitively: "Alice" and "alice" are one account.</summary>
    public static string UsernameKey(string username) => username.ToLowerInvariant();

    /// <summary>A change to a user row: their cached tokens carry the old row, so they are forgotten (after the write).</summary>
    private async Task ChangeUserAsync(string userId, string sql, object parameters, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(sql, parameters, cancellationToken);
        }
        finally
        {
            _tokens.ForgetUser(userId);
        }

        await _signal.PublishAsync(CacheEviction.User(userId), cancellationToken);
    }

    /// <summary>
    /// A change made elsewhere to what a user row reads (two-factor enrolment lives in its own table): cached tokens carry
    /// the old row, so they are forgotten here and on the other nodes.
    /// </summary>
    public async Task ForgetUserAsync(string userId, CancellationToken cancellationToken)
    {
        _tokens.ForgetUser(userId);
        await _signal.PublishAsync(CacheEviction.User(userId), cancellationToken);
    }

    /// <summary>Another node's write (or this node's, heard back): forget what it names.</summary>
    private void Evict(CacheEviction eviction)
    {
        if (eviction.Kind == CacheEviction.TokenKind)
        {
            _tokens.ForgetToken(eviction.Id);
        }
        else
        {
            _tokens.ForgetUser(eviction.Id, eviction.Except);
        }
    }

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        await db.ExecuteAsync(Command(sql, parameters, cancellationToken));
    }

    private static CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken, DbTransaction? tx = null) =>
        new(sql, parameters, tx, cancellationToken: cancellationToken);

    private sealed class UserRow
    {
        public string Id { get; set; } = "";
        public string Username { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public long IsAdmin { get; set; }
        public long Disabled { get; set; }
        public long? QuotaBytes { get; set; }
        public long UsedBytes { get; set; }
        public string RootId { get; set; } = "";
        public long CreatedAt { get; set; }
        public long TwoFactor { get; set; }
        public long Passkeys { get; set; }

        public UserRecord ToRecord() => new(Id, Username, PasswordHash, IsAdmin != 0, Disabled != 0, QuotaBytes, UsedBytes, RootId,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), TwoFactor != 0, (int)Passkeys);
    }

    private sealed class TokenRow
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Name { get; set; }
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }
        public long? LastUsedAt { get; set; }
        public string? CreatedFrom { get; set; }

        public TokenRecord ToRecord() => new(Id, UserId, Kind, Name, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt),
            LastUsedAt is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null, CreatedFrom);
    }
}
