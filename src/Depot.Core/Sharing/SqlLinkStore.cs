using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Sharing;

/// <summary>The rows of <c>links</c>, in portable SQL over <see cref="IDatabase"/>.</summary>
public sealed class SqlLinkStore(IDatabase database)
{
    private const string Select =
        "SELECT l.id AS Id, l.node_id AS NodeId, l.owner_id AS OwnerId, n.name AS ItemName, n.kind AS ItemKind, l.mode AS DropBox, " +
        "l.password_hash AS PasswordHash, l.expires_at AS ExpiresAt, l.max_downloads AS MaxDownloads, l.downloads AS Downloads, " +
        "l.created_by AS CreatedBy, l.created_at AS CreatedAt FROM links l JOIN nodes n ON n.id = l.node_id ";

    /// <summary>One statement, one transaction: the link is never visible without its password.</summary>
    public async Task InsertAsync(LinkRecord link, string tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [], cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO links (id, node_id, owner_id, token_hash, mode, password_hash, expires_at, max_downloads, downloads, created_by, created_at) " +
            "VALUES (@Id, @NodeId, @OwnerId, @tokenHash, @mode, @PasswordHash, @ExpiresAt, @MaxDownloads, 0, @CreatedBy, @CreatedAt)",
            new { link.Id, link.NodeId, link.OwnerId, tokenHash, mode = link.DropBox ? 1 : 0, link.PasswordHash, link.ExpiresAt, link.MaxDownloads,
                link.CreatedBy, link.CreatedAt }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    public Task<LinkRecord?> GetAsync(string id, CancellationToken cancellationToken) => SingleAsync($"{Select}WHERE l.id = @id", new { id }, cancellationToken);

    public Task<LinkRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        SingleAsync($"{Select}WHERE l.token_hash = @tokenHash", new { tokenHash }, cancellationToken);

    public async Task<IReadOnlyList<LinkRecord>> ListAsync(string userId, string? nodeId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<LinkRecord>(new CommandDefinition(
            $"{Select}WHERE (l.owner_id = @userId OR l.created_by = @userId) AND (@nodeId IS NULL OR l.node_id = @nodeId) ORDER BY l.created_at, l.id",
            new { userId, nodeId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Counts one download if the limit allows it (atomically): false when the link is exhausted.</summary>
    public async Task<bool> CountDownloadAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [], cancellationToken);
        var counted = await db.ExecuteAsync(new CommandDefinition(
            "UPDATE links SET downloads = downloads + 1 WHERE id = @id AND (max_downloads IS NULL OR downloads < max_downloads)",
            new { id }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return counted > 0;
    }

    /// <summary>Password, expiry and limit in one statement: the new password is in force the moment the row changes.</summary>
    public async Task UpdateAsync(string id, string? passwordHash, long? expiresAt, long? maxDownloads, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [], cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE links SET password_hash = @passwordHash, expires_at = @expiresAt, max_downloads = @maxDownloads WHERE id = @id",
            new { id, passwordHash, expiresAt, maxDownloads }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [], cancellationToken);
        var deleted = await db.ExecuteAsync(new CommandDefinition("DELETE FROM links WHERE id = @id", new { id }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private async Task<LinkRecord?> SingleAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.QuerySingleOrDefaultAsync<LinkRecord>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
