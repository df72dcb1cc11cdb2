namespace Depot.Core.Uploads;

/// <summary>
/// The rows of resumable uploads. Every change a writer makes is conditional on holding the upload's lock (a lease:
/// owner and expiry in the row), so the lock works across nodes that share the metadata store.
/// </summary>
public interface IUploadStore
{
    /// <summary>
    /// Stores a new upload with its quota reservation, unless the reservation would take the charged user (the owner of
    /// the tree it writes into) past their quota: false then, and nothing is stored. Exact under concurrent writers.
    /// </summary>
    Task<bool> InsertAsync(UploadRecord upload, CancellationToken cancellationToken);

    Task<UploadRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The upload <paramref name="userId"/> created with this idempotency key, or null.</summary>
    Task<UploadRecord?> FindByIdempotencyKeyAsync(string userId, string key, CancellationToken cancellationToken);

    /// <summary>Takes the lock of an unfinished upload unless another owner holds an unexpired lease on it.</summary>
    Task<bool> TryLockAsync(string id, string owner, long now, long until, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when <paramref name="owner"/> no longer holds it.</summary>
    Task<bool> RenewLockAsync(string id, string owner, long until, CancellationToken cancellationToken);

    Task UnlockAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Records bytes made durable: the new offset, the SHA-256 and SHA-1/MD5 states that cover exactly those bytes, and
    /// the expiry, in one statement. False when <paramref name="owner"/> lost the lock.
    /// </summary>
    Task<bool> AdvanceAsync(
        string id, string owner, long offset, string? sha256State, string? checksumsState, long expiresAt, CancellationToken cancellationToken);

    /// <summary>Sets a deferred length, and the reservation to match it. False when <paramref name="owner"/> lost the lock.</summary>
    Task<bool> SetLengthAsync(string id, string owner, long length, CancellationToken cancellationToken);

    /// <summary>Deletes an upload whose lock <paramref name="owner"/> holds (termination, refused commit).</summary>
    Task<bool> DeleteLockedAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Deletes the record of a committed upload (the file stays).</summary>
    Task<bool> DeleteCommittedAsync(string id, CancellationToken cancellationToken);

    /// <summary>Uploads past their expiry whose lock is free or stale.</summary>
    Task<IReadOnlyList<UploadRecord>> FindExpiredAsync(long now, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes an upload if it is still expired and unlocked at <paramref name="now"/>.</summary>
    Task<bool> DeleteExpiredAsync(string id, long now, CancellationToken cancellationToken);

    /// <summary>Which of these ids have a row.</summary>
    Task<IReadOnlyList<string>> FindKnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);
}
