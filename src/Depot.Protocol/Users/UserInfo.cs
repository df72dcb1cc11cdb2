namespace Depot.Protocol.Users;

/// <summary>
/// An account as seen by itself (<c>GET /api/v1/me</c>) or by an admin (<c>/api/v1/users</c>). <see cref="TwoFactorEnabled"/>:
/// two-factor sign-in is on; <see cref="TwoFactorRequired"/>: an admin requires it of this account.
/// </summary>
public sealed record UserInfo(
    string Username,
    bool IsAdmin,
    bool Disabled,
    long? QuotaBytes,
    long UsedBytes,
    DateTimeOffset CreatedAt,
    bool TwoFactorEnabled = false,
    bool TwoFactorRequired = false);
