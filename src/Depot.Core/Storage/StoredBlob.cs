namespace Depot.Core.Storage;

/// <summary>
/// A blob durably written: its id, size in bytes and lower-case hex SHA-256, and the <see cref="Checksums"/> taken
/// on the way in (null when the bytes arrived without them: a resumable upload begun before they were kept).
/// </summary>
public sealed record StoredBlob(string Id, long Size, string Sha256)
{
    public ContentChecksums? Checksums { get; init; }
}
