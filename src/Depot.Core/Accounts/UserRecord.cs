namespace Depot.Core.Accounts;

/// <summary>A row of <c>users</c>, as the store returns it. <see cref="TwoFactor"/>: a confirmed TOTP enrolment exists.</summary>
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
    bool TwoFactor = false);
