using Dapper;
using Depot.Core.Data;
using Depot.Core.Files;

namespace Depot.Core.Uploads;

/// <summary>
/// Upload rows in portable SQL. Each method is one statement (atomic on its own, durable at commit with SQLite's
/// synchronous=FULL); the lock is a compare-and-set on <c>lock_owner</c>/<c>lock_expires_at</c>.
/// </summary>
public sealed class SqlUploadStore(IDatabase database) : IUploadStore
{
    private const string Columns =
        "id AS Id, user_id AS UserId, charged_user_id AS ChargedUserId, path AS Path, length AS Length, upload_offset AS \"Offset\", reserved_bytes AS ReservedBytes, " +
        "metadata AS Metadata, content_type AS ContentType, sha256 AS Sha256, if_match AS IfMatch, if_none_match AS IfNoneMatch, " +
        "create_parents AS CreateParents, created_at AS CreatedAt, expires_at AS ExpiresAt, committed_at AS CommittedAt, sha256_state AS Sha256State, " +
        "checksums_state AS ChecksumsState, client_mtime AS ModifiedAt, idempotency_key AS IdempotencyKey";

    public async Task<bool> InsertAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        // Reserve, then verify, under the charged user's tree lock: a PUT or another reservation for the same user
        // waits, so two racing writers can never both overdraw the quota (on PostgreSQL as on SQLite).
        var charged = upload.ChargedUserId ?? upload.UserId;
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Tree(charged)], cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO uploads (id, user_id, charged_user_id, path, length, upload_offset, reserved_bytes, metadata, content_type, sha256, if_match,
                if_none_match, create_parents, created_at, expires_at, sha256_state, checksums_state, client_mtime, idempotency_key)
            VALUES (@Id, @UserId, @ChargedUserId, @Path, @Length, @Offset, @ReservedBytes, @Metadata, @ContentType, @Sha256, @IfMatch,
                @IfNoneMatch, @parents, @CreatedAt, @ExpiresAt, @Sha256State, @ChecksumsState, @ModifiedAt, @IdempotencyKey)
            """,
            new
            {
                upload.Id, upload.UserId, upload.ChargedUserId, upload.Path, upload.Length, upload.Offset, upload.ReservedBytes, upload.Metadata,
                upload.ContentType, upload.Sha256, upload.IfMatch, upload.IfNoneMatch, parents = upload.CreateParents ? 1 : 0, upload.CreatedAt,
                upload.ExpiresAt, upload.Sha256State, upload.ChecksumsState, upload.ModifiedAt, upload.IdempotencyKey,
            },
            tx, cancellationToken: cancellationToken));
        var space = await db.QuerySingleOrDefaultAsync<UserSpace>(new CommandDefinition(
            SqlFileSession.UserSpaceSql, new { userId = charged }, tx, cancellationToken: cancellationToken));
        if (space is not { WithinQuota: true })
        {
            return false;   // disposing rolls the insert back
        }

        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<UploadRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.QuerySingleOrDefaultAsync<UploadRecord>(
            new CommandDefinition($"SELECT {Columns} FROM uploads WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<UploadRecord?> FindByIdempotencyKeyAsync(string userId, string key, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.QuerySingleOrDefaultAsync<UploadRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM uploads WHERE user_id = @userId AND idempotency_key = @key", new { userId, key }, cancellationToken: cancellationToken));
    }

    public async Task<bool> TryLockAsync(string id, string owner, long now, long until, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE uploads SET lock_owner = @owner, lock_expires_at = @until " +
            "WHERE id = @id AND committed_at IS NULL AND (lock_owner IS NULL OR lock_expires_at < @now)",
            new { id, owner, now, until }, cancellationToken) == 1;

    public async Task<bool> RenewLockAsync(string id, string owner, long until, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE uploads SET lock_expires_at = @until WHERE id = @id AND lock_owner = @owner",
            new { id, owner, until }, cancellationToken) == 1;

    public Task UnlockAsync(string id, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE uploads SET lock_owner = NULL, lock_expires_at = NULL WHERE id = @id AND lock_owner = @owner",
            new { id, owner }, cancellationToken);

    public async Task<bool> AdvanceAsync(
        string id, string owner, long offset, string? sha256State, string? checksumsState, long expiresAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE uploads SET upload_offset = @offset, sha256_state = @sha256State, checksums_state = @checksumsState, expires_at = @expiresAt " +
            "WHERE id = @id AND lock_owner = @owner",
            new { id, owner, offset, sha256State, checksumsState, expiresAt }, cancellationToken) == 1;

    public async Task<bool> SetLengthAsync(string id, string owner, long length, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE uploads SET length = @length, reserved_bytes = @length WHERE id = @id AND lock_owner = @owner AND length IS NULL",
            new { id, owner, length }, cancellationToken) == 1;

    public async Task<bool> DeleteLockedAsync(string id, string owner, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM uploads WHERE id = @id AND lock_owner = @owner", new { id, owner }, cancellationToken) == 1;

    public async Task<bool> DeleteCommittedAsync(string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM uploads WHERE id = @id AND committed_at IS NOT NULL", new { id }, cancellationToken) == 1;

    public async Task<IReadOnlyList<UploadRecord>> FindExpiredAsync(long now, int limit, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return (await db.QueryAsync<UploadRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM uploads WHERE expires_at <= @now AND (lock_owner IS NULL OR lock_expires_at < @now) " +
            "ORDER BY expires_at LIMIT @limit",
            new { now, limit }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<bool> DeleteExpiredAsync(string id, long now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "DELETE FROM uploads WHERE id = @id AND expires_at <= @now AND (lock_owner IS NULL OR lock_expires_at < @now)",
            new { id, now }, cancellationToken) == 1;

    public async Task<IReadOnlyList<string>> FindKnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return (await db.QueryAsync<string>(new CommandDefinition(
            $"SELECT id FROM uploads WHERE {SqlLists.In(db, "id", "ids")}", new { ids = SqlLists.Values(db, ids) }, cancellationToken: cancellationToken))).AsList();
    }

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
