using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// <see cref="IPasskeyStore"/> in portable SQL. Taking a challenge and moving a counter are each one conditional
/// statement, so two nodes racing on the same challenge or assertion cannot both win.
/// </summary>
public sealed class SqlPasskeyStore(IDatabase database) : IPasskeyStore
{
    private const string Columns =
        "id, user_id AS userid, credential_id AS credentialid, public_key AS publickey, sign_count AS signcount, " +
        "user_handle AS userhandle, name, created_at AS createdat, last_used_at AS lastusedat";

    public async Task<IReadOnlyList<PasskeyRecord>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<Row>(Command(
            $"SELECT {Columns} FROM passkeys WHERE user_id = @userId ORDER BY created_at, id", new { userId }, cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<PasskeyRecord?> FindByCredentialIdAsync(string credentialId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<Row>(Command(
            $"SELECT {Columns} FROM passkeys WHERE credential_id = @credentialId", new { credentialId }, cancellationToken));
        return row?.ToRecord();
    }

    public async Task<bool> AddAsync(PasskeyRecord passkey, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        if (await db.ExecuteScalarAsync<long>(Command("SELECT COUNT(*) FROM passkeys WHERE credential_id = @CredentialId",
                new { passkey.CredentialId }, cancellationToken, tx)) > 0)
        {
            return false;
        }

        await db.ExecuteAsync(Command(
            "INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count, user_handle, name, created_at, last_used_at) " +
            "VALUES (@Id, @UserId, @CredentialId, @PublicKey, @SignCount, @UserHandle, @Name, @createdAt, NULL)",
            new
            {
                passkey.Id, passkey.UserId, passkey.CredentialId, passkey.PublicKey, passkey.SignCount, passkey.UserHandle, passkey.Name,
                createdAt = passkey.CreatedAt.ToUnixTimeMilliseconds(),
            }, cancellationToken, tx));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RenameAsync(string userId, string id, string name, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command("UPDATE passkeys SET name = @name WHERE id = @id AND user_id = @userId",
            new { userId, id, name }, cancellationToken)) == 1;
    }

    public async Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command("DELETE FROM passkeys WHERE id = @id AND user_id = @userId",
            new { userId, id }, cancellationToken)) == 1;
    }

    public async Task<bool> DeleteAllAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command("DELETE FROM passkeys WHERE user_id = @userId", new { userId }, cancellationToken)) > 0;
    }

    public async Task<bool> TryRecordUseAsync(string id, long signCount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command(
            "UPDATE passkeys SET sign_count = @signCount, last_used_at = @now " +
            "WHERE id = @id AND (sign_count < @signCount OR (sign_count = 0 AND @signCount = 0))",
            new { id, signCount, now = now.ToUnixTimeMilliseconds() }, cancellationToken)) == 1;
    }

    public async Task SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        // Abandoned ceremonies (a closed tab) would otherwise stay forever; this keeps the table to the last few minutes.
        await db.ExecuteAsync(Command("DELETE FROM passkey_challenges WHERE expires_at < @now",
            new { now = now.ToUnixTimeMilliseconds() }, cancellationToken, tx));
        await db.ExecuteAsync(Command(
            "INSERT INTO passkey_challenges (id, purpose, user_id, options, expires_at) VALUES (@Id, @Purpose, @UserId, @Options, @expiresAt)",
            new { challenge.Id, challenge.Purpose, challenge.UserId, challenge.Options, expiresAt = challenge.ExpiresAt.ToUnixTimeMilliseconds() },
            cancellationToken, tx));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<PasskeyChallenge?> TakeChallengeAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<ChallengeRow>(Command(
            "SELECT id, purpose, user_id AS userid, options, expires_at AS expiresat FROM passkey_challenges WHERE id = @id",
            new { id }, cancellationToken, tx));
        // The DELETE's row count decides: of two requests that read the same row, only one deletes it.
        if (row is null || await db.ExecuteAsync(Command("DELETE FROM passkey_challenges WHERE id = @id", new { id }, cancellationToken, tx)) != 1)
        {
            return null;
        }

        await tx.CommitAsync(cancellationToken);
        return new PasskeyChallenge(row.Id, row.Purpose, row.UserId, row.Options, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt));
    }

    private static CommandDefinition Command(string sql, object parameters, CancellationToken cancellationToken, System.Data.Common.DbTransaction? tx = null) =>
        new(sql, parameters, tx, cancellationToken: cancellationToken);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string CredentialId { get; set; } = "";
        public string PublicKey { get; set; } = "";
        public long SignCount { get; set; }
        public string UserHandle { get; set; } = "";
        public string Name { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? LastUsedAt { get; set; }

        public PasskeyRecord ToRecord() => new(Id, UserId, CredentialId, PublicKey, SignCount, UserHandle, Name,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), LastUsedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
    }

    private sealed class ChallengeRow
    {
        public string Id { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string? UserId { get; set; }
        public string Options { get; set; } = "";
        public long ExpiresAt { get; set; }
    }
}
