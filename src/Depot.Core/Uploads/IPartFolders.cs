using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// Where <see cref="EncryptedPartialStore"/> keeps the sealed parts of unfinished uploads: a raw blob store per upload
/// (its parts are blobs named by their offset), next to the blob store's kind: a folder in the data folder
/// (<see cref="LocalPartFolders"/>) or a key prefix in the bucket (<see cref="S3PartFolders"/>, so any node continues).
/// </summary>
public interface IPartFolders
{
    /// <summary>The raw store of <paramref name="uploadId"/>'s parts.</summary>
    IBlobStore For(string uploadId);

    /// <summary>Deletes the upload's parts; none is no error.</summary>
    Task DeleteAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Every upload with parts here and the time of its latest part, for collecting orphans.</summary>
    IAsyncEnumerable<BlobListing> ListUploadsAsync(CancellationToken cancellationToken);
}
