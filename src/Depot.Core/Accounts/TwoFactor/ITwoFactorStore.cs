namespace Depot.Core.Accounts.TwoFactor;

/// <summary>TOTP enrolments and recovery codes in the metadata store, shared by every node.</summary>
public interface ITwoFactorStore
{
    Task<TwoFactorRecord?> FindAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Starts (or restarts) an enrolment with a new key; false when a confirmed one exists.</summary>
    Task<bool> StartAsync(string userId, string secret, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Confirms the pending enrolment with the step of its first code and stores the recovery codes' hashes (replacing
    /// any), in one transaction; false when there was no pending enrolment.
    /// </summary>
    Task<bool> ConfirmAsync(string userId, long step, IReadOnlyList<string> recoveryHashes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Spends time step <paramref name="step"/>: true only if it is later than every step spent before (no replay).</summary>
    Task<bool> TrySpendStepAsync(string userId, long step, CancellationToken cancellationToken);

    /// <summary>Spends an unused recovery code; true exactly once per code.</summary>
    Task<bool> TrySpendRecoveryCodeAsync(string userId, string hash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces every recovery code of a confirmed enrolment with new ones, in one transaction; false when there is none.</summary>
    Task<bool> ReplaceRecoveryCodesAsync(string userId, IReadOnlyList<string> recoveryHashes, CancellationToken cancellationToken);

    Task<int> CountRecoveryCodesLeftAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Removes the enrolment and recovery codes; false when there was none.</summary>
    Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken);
}
