using Dapper;
using Depot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Backups;

/// <summary>
/// The contents of a backup's files, read-only: a small file's from the backup's metadata file (kept inline, see
/// <see cref="InlineBlobStore"/>), every other from the backup's blob folder (<paramref name="blobs"/>). One connection
/// for the restore, and one file's content at a time: a tree of many small files is never held in memory.
/// </summary>
public sealed class SnapshotContents(SqliteConnection metadata, IBlobStore blobs) : IAsyncDisposable
{
    /// <summary>Opens the backup's metadata file at <paramref name="metadataFile"/> read-only, beside its blob store.</summary>
    public static SnapshotContents Open(string metadataFile, IBlobStore blobs) =>
        new(MetadataSnapshot.Open(metadataFile, SqliteOpenMode.ReadOnly), blobs);

    /// <summary>The content of blob <paramref name="blobId"/>, or null when the backup does not hold it.</summary>
    public async Task<OpenedBlob?> OpenAsync(string blobId, CancellationToken cancellationToken)
    {
        if (!Ids.IsInlineBlob(blobId))
        {
            return await blobs.OpenReadAsync(blobId, 0, null, cancellationToken);
        }

        var content = await metadata.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "SELECT content FROM blob_contents WHERE blob_id = @blobId", new { blobId }, cancellationToken: cancellationToken));
        return content is null ? null : InlineBlobStore.Open(content, 0, null);
    }

    public ValueTask DisposeAsync() => metadata.DisposeAsync();
}
