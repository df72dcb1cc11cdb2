namespace Depot.Core.Storage;

/// <summary>
/// Immutable content, addressed by an id the store chooses. Metadata references a blob only after
/// <see cref="WriteAsync"/> returned, so nothing partial is ever visible. Implementations: the local data
/// folder (<see cref="LocalBlobStore"/>), S3-compatible storage later.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into a new blob, hashing it as it goes, and returns once it is durable.
    /// More than <paramref name="maxBytes"/> bytes stops the write with <c>payload_too_large</c>. On any failure,
    /// cancellation included, nothing is left behind.
    /// </summary>
    Task<Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>A seekable stream over the blob positioned at <paramref name="offset"/>, or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string id, long offset, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; deleting a missing one is not an error.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every blob held, for garbage collection of orphans.</summary>
    IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken);
}
