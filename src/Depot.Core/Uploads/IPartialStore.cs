using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// The bytes of unfinished uploads, and the step that turns a finished one into a blob of the blob store (whose id is
/// the upload's). Implementations: <see cref="LocalPartialStore"/> beside <see cref="LocalBlobStore"/>; an S3 blob
/// store would keep parts as a multipart upload instead.
/// </summary>
public interface IPartialStore
{
    /// <summary>Opens the upload's data for appending at <paramref name="offset"/>; bytes past it (never recorded) are dropped.</summary>
    Task<IPartialWriter> OpenAsync(string uploadId, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// Hashes the finished data (<paramref name="length"/> bytes) and makes it blob <paramref name="uploadId"/>, durable.
    /// Idempotent, so a completion interrupted by a crash can run again. Null when the data is gone or of another length.
    /// </summary>
    Task<StoredBlob?> FinishAsync(string uploadId, long length, CancellationToken cancellationToken);

    /// <summary>Deletes the upload's data; deleting missing data is not an error.</summary>
    Task DeleteAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Every upload that has data here, for collecting orphans.</summary>
    IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken);
}
