namespace Depot.Core.Accounts.Passkeys;

/// <summary>Passkeys and pending ceremonies in the metadata store, shared by every node.</summary>
public interface IPasskeyStore
{
    Task<IReadOnlyList<PasskeyRecord>> ListAsync(string userId, CancellationToken cancellationToken);

    Task<PasskeyRecord?> FindByCredentialIdAsync(string credentialId, CancellationToken cancellationToken);

    /// <summary>Adds a passkey; false when its credential id is already registered (to anyone).</summary>
    Task<bool> AddAsync(PasskeyRecord passkey, CancellationToken cancellationToken);

    /// <summary>Renames the user's passkey; false when the user has no passkey with that id.</summary>
    Task<bool> RenameAsync(string userId, string id, string name, CancellationToken cancellationToken);

    /// <summary>Removes the user's passkey; false when the user has no passkey with that id.</summary>
    Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken);

    /// <summary>Removes every passkey of the user (an admin's reset of their second factors); false when there was none.</summary>
    Task<bool> DeleteAllAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a successful assertion: true only if <paramref name="signCount"/> is later than the stored counter, or
    /// both are 0 (an authenticator that keeps no counter). A counter that does not move forward is a replay or a
    /// cloned authenticator, and the database decides it once even when two nodes see the same assertion.
    /// </summary>
    Task<bool> TryRecordUseAsync(string id, long signCount, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores a pending ceremony, and drops ones that expired before <paramref name="now"/>.</summary>
    Task SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes (and deletes) a pending ceremony: it is returned to one caller only, ever.</summary>
    Task<PasskeyChallenge?> TakeChallengeAsync(string id, CancellationToken cancellationToken);
}
