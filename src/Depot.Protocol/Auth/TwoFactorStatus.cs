namespace Depot.Protocol.Auth;

/// <summary>
/// <c>GET /api/v1/me/two-factor</c>: whether two-factor sign-in is on, an enrolment waits for its first code, an admin
/// requires it of this account, and how many recovery codes are left unused.
/// </summary>
public sealed record TwoFactorStatus(bool Enabled, bool Pending, bool Required, int RecoveryCodesLeft);
