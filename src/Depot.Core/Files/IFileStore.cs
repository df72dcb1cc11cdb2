namespace Depot.Core.Files;

/// <summary>
/// The metadata store of files: nodes, versions, blobs and the users' storage fields. One implementation in
/// portable SQL (<see cref="SqlFileStore"/>) serves SQLite now and PostgreSQL later.
/// </summary>
public interface IFileStore
{
    /// <summary>A session for reads; every statement sees committed data.</summary>
    Task<IFileSession> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A session holding the write lock from its first statement (SQLite <c>BEGIN IMMEDIATE</c>), so whatever it
    /// reads stays true until <see cref="IFileSession.CommitAsync"/>. Disposing without committing rolls back.
    /// </summary>
    Task<IFileSession> WriteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction it may share with other work that is ready at the same
    /// moment (group commit: one durable commit for all of it). The work sees the session as <see cref="WriteAsync"/>
    /// would give it, must not commit, and is isolated in a savepoint: a failed result or an exception rolls back only
    /// its own changes. The task completes only after the shared transaction committed durably; if that commit fails,
    /// it fails with the exception. <paramref name="cancellationToken"/> is passed to the work; once the work
    /// succeeded, its outcome no longer depends on it. <paramref name="treeOwnerId"/> is the tree the work most likely
    /// writes (the caller's own): work for one tree is batched together, and may still write elsewhere.
    /// <paramref name="walkKeys"/>: the name keys of the path the work first walks from that tree's root
    /// (<see cref="IFileSession.PrefetchWalkAsync"/>), which a batch may read for all of its work in one round trip.
    /// </summary>
    Task<Result<T>> WriteGroupedAsync<T>(
        string treeOwnerId, Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken,
        IReadOnlyList<string>? walkKeys = null);
}
