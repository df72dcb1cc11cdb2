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
}
