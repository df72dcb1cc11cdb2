namespace Depot.Core.Accounts.TwoFactor;

/// <summary>A row of <c>two_factor</c>: the user's TOTP key, pending until <see cref="ConfirmedAt"/> is set.</summary>
public sealed record TwoFactorRecord(string UserId, string Secret, DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt, long LastStep)
{
    public bool Confirmed => ConfirmedAt is not null;
}
