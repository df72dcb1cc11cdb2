using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// The bytes of unfinished uploads, kept as a sequence of durable parts, and the step that composes them into a blob
/// of the blob store whose id is the upload's. The caller (<see cref="UploadService"/>) records the length each
/// append returns, with the hash state that covers it, in the upload's row; that recorded length is the only truth:
/// anything a store holds past it (a crash between an append and its record) is replaced by the next append at the
/// recorded offset. Implementations: <see cref="LocalPartialStore"/> (a file beside the blobs: append, fsync, rename);
/// an S3 store keeps a multipart upload (UploadPart, CompleteMultipartUpload), staging parts smaller than S3's 5 MiB
/// minimum until enough arrived. Contract suite: tests/Depot.Core.Tests/Uploads/PartialStoreContract.
/// </summary>
public interface IPartialStore
{
    /// <summary>
    /// Appends <paramref name="part"/> at <paramref name="offset"/> (the upload's recorded length) and returns the new
    /// durable length, <paramref name="offset"/> plus the bytes the part held. The part is read to its end; only when
    /// it ended without an exception does any of it count (the caller's stream throws to reject a part: a checksum
    /// mismatch, a lost lock). If the part or the store fails, the exception propagates and nothing of the part is
    /// recorded: the durable length stays <paramref name="offset"/>. Bytes beyond <paramref name="offset"/> left by an
    /// earlier, unrecorded append are discarded.
    /// </summary>
    Task<long> AppendAsync(string uploadId, long offset, Stream part, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the first <paramref name="length"/> bytes blob <paramref name="uploadId"/> of the blob store, durable, and
    /// gives up the parts. Idempotent: after a crash anywhere in it (or after it returned), running it again answers
    /// true once the blob exists with that length. False when the data is gone or shorter than
    /// <paramref name="length"/>. An upload of length 0 needs no append before it.
    /// </summary>
    Task<bool> CompleteAsync(string uploadId, long length, CancellationToken cancellationToken);

    /// <summary>Deletes the upload's parts; deleting missing data is not an error. Never touches a completed blob.</summary>
    Task DeleteAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Every upload that has parts here, with the instant of its last append, for collecting orphans.</summary>
    IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken);
}
