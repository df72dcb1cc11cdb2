namespace Depot.Core.Storage;

/// <summary>The metadata side of blob integrity: which blobs exist, which are known damaged, and who refers to them.</summary>
public interface IBlobHealthStore
{
    /// <summary>Blobs in id order after <paramref name="afterId"/> (null: from the start), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BlobRecord>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Marks the blob damaged at <paramref name="at"/>; false when it already was (or does not exist).</summary>
    Task<bool> MarkDamagedAsync(string blobId, long at, CancellationToken cancellationToken);

    /// <summary>Clears the mark (the blob was verified good again); false when it was not marked.</summary>
    Task<bool> ClearDamagedAsync(string blobId, CancellationToken cancellationToken);

    /// <summary>Whether any version still refers to the blob (a missing file of an unreferenced blob is no damage).</summary>
    Task<bool> IsReferencedAsync(string blobId, CancellationToken cancellationToken);

    /// <summary>The versions that refer to the blob, at most <paramref name="limit"/>, with owner and path.</summary>
    Task<IReadOnlyList<BlobLocation>> LocateAsync(string blobId, int limit, CancellationToken cancellationToken);
}
