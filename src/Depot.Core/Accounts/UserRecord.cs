namespace Depot.Core.Accounts;

/// <summary>
/// A row of <c>users</c>, as the store returns it. <see cref="TwoFactor"/>: a confirmed TOTP enrolment exists;
/// <see cref="Passkeys"/>: how many passkeys the user registered.
/// </summary>
public sealed record UserRecord(
    string Id,
    string Username,
    string PasswordHash,
    bool IsAdmin,
    bool Disabled,
    long? QuotaBytes,
    long UsedBytes,
    string RootId,
    DateTimeOffset CreatedAt,
    bool TwoFactor = false,
    int Passkeys = 0)
{
    /// <summary>A password alone does not sign this account in: it has TOTP or a passkey as its second factor.</summary>
    public bool HasSecondFactor => TwoFactor || Passkeys > 0;
}
