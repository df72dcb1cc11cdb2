namespace Depot.Core.Storage;

/// <summary>
/// A blob written: its id, size in bytes and lower-case hex SHA-256, and the <see cref="Checksums"/> taken on the way in
/// (null when the bytes arrived without them: a resumable upload begun before they were kept).
/// </summary>
public sealed record StoredBlob(string Id, long Size, string Sha256)
{
    public ContentChecksums? Checksums { get; init; }

    /// <summary>
    /// The content itself, when it is small enough for the metadata store (<see cref="InlineBlobStore.WriteOrStageAsync"/>):
    /// then it is not durable anywhere yet, and the transaction that inserts the blob's row writes it, so it is durable
    /// exactly when that commit is. Null for a blob already durable in the blob store.
    /// </summary>
    public byte[]? InlineContent { get; init; }
}
