namespace Depot.Core.Locks;

/// <summary>Write locks in the metadata store, so every server node sees the same locks. Expired rows are ignored.</summary>
public interface ILockStore
{
    /// <summary>Whether any live lock exists, in anyone's tree.</summary>
    Task<bool> AnyAsync(long now, CancellationToken cancellationToken);

    /// <summary>The live locks in one owner's tree.</summary>
    Task<IReadOnlyList<LockRecord>> ListAsync(string ownerId, long now, CancellationToken cancellationToken);

    /// <summary>
    /// In one write transaction: drops the owner's expired locks, hands the live ones and the number of live locks
    /// <paramref name="createdBy"/> holds anywhere to <paramref name="decide"/>, and inserts the lock it returns (or
    /// nothing when it returns an error). Atomic, so two clients cannot both lock. The lock on an existing item
    /// (<paramref name="nodeId"/>) goes into the change feed in the same transaction.
    /// </summary>
    Task<Result<LockRecord>> CreateAsync(
        string ownerId, string createdBy, string? nodeId, long now, Func<IReadOnlyList<LockRecord>, int, Result<LockRecord>> decide,
        CancellationToken cancellationToken);

    /// <summary>Sets a new timeout; false when the lock no longer exists.</summary>
    Task<bool> RefreshAsync(string token, long timeoutSeconds, long expiresAt, CancellationToken cancellationToken);

    /// <summary>Releases one lock; its release on an existing item (<paramref name="nodeId"/>) goes into the change feed.</summary>
    Task<bool> DeleteAsync(string ownerId, string token, string? nodeId, CancellationToken cancellationToken);

    Task DeleteManyAsync(string ownerId, IReadOnlyCollection<string> tokens, CancellationToken cancellationToken);
}
