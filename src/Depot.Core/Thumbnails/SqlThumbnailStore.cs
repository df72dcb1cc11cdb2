using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Thumbnails;

/// <summary>The thumbnail cache's rows (migration 0023's <c>thumbnails</c>) in portable SQL over <see cref="IDatabase"/>.</summary>
public sealed class SqlThumbnailStore(IDatabase database)
{
    /// <summary>The blob holding the thumbnail of the content <paramref name="sha256"/> at <paramref name="sizeKey"/>, or null.</summary>
    public async Task<string?> FindAsync(string sha256, string sizeKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT thumbnail_blob_id FROM thumbnails WHERE source_sha256 = @sha256 AND size_name = @sizeKey",
            new { sha256, sizeKey }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a rendered thumbnail; false when another request recorded one for the same key first.</summary>
    public async Task<bool> AddAsync(
        string sha256, string sizeKey, string thumbnailBlobId, string sourceBlobId, long bytes, long at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO thumbnails (source_sha256, size_name, thumbnail_blob_id, source_blob_id, bytes, created_at) " +
            "VALUES (@sha256, @sizeKey, @thumbnailBlobId, @sourceBlobId, @bytes, @at) ON CONFLICT (source_sha256, size_name) DO NOTHING",
            new { sha256, sizeKey, thumbnailBlobId, sourceBlobId, bytes, at }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Forgets a thumbnail whose blob cannot be read (lost, or a store moved without it), so the next request renders it again.</summary>
    public async Task ForgetAsync(string thumbnailBlobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM thumbnails WHERE thumbnail_blob_id = @thumbnailBlobId", new { thumbnailBlobId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> rows whose source blob is gone and returns their thumbnail blobs, for the
    /// caller to delete after this commits (a crash in between leaves orphans that orphan collection removes).
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteStaleAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM thumbnails WHERE thumbnail_blob_id IN (SELECT t.thumbnail_blob_id FROM thumbnails t " +
            "WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.id = t.source_blob_id) LIMIT @limit) RETURNING thumbnail_blob_id",
            new { limit }, cancellationToken: cancellationToken))).AsList();
    }
}
