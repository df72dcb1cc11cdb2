namespace Depot.Core.Storage;

/// <summary>
/// Immutable content, addressed by an id the store chooses. Metadata references a blob only after
/// <see cref="WriteAsync"/> returned, so nothing partial is ever visible. Implementations: the local data
/// folder (<see cref="LocalBlobStore"/>) and S3-compatible object storage (<see cref="S3.S3BlobStore"/>).
/// Failures of the store itself (unreachable, failing after retries) are <see cref="StorageUnavailableException"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into a new blob, hashing it as it goes, and returns once it is durable.
    /// More than <paramref name="maxBytes"/> bytes stops the write with <c>payload_too_large</c>. On any failure,
    /// cancellation included, nothing is left behind. An id is written once: a blob is never overwritten.
    /// </summary>
    Task<Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// A forward-only stream over the bytes from <paramref name="offset"/>, at most <paramref name="length"/> of them
    /// (null: to the end), with the blob's whole size; null when the blob does not exist. The stream is not seekable and
    /// its length is not known: one open is one read of one range (on S3, one ranged GET).
    /// </summary>
    Task<OpenedBlob?> OpenReadAsync(string id, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; deleting a missing one is not an error.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="StorageUnavailableException"/> when the store cannot be reached (for <c>/readyz</c>).</summary>
    Task CheckReadyAsync(CancellationToken cancellationToken);

    /// <summary>Every blob held, for garbage collection of orphans, streamed (never all ids in memory).</summary>
    IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken);
}
