namespace Depot.Protocol.Auth;

/// <summary>
/// Body of <c>POST /api/v1/auth/token</c> and <c>POST /api/v1/auth/session</c>: exchange a password for a session token.
/// <see cref="Code"/> is the second factor when the account has two-factor sign-in: a six-digit TOTP code or a recovery
/// code (without it such an account answers <c>two_factor_required</c>).
/// </summary>
public sealed record TokenRequest(string Username, string Password, string? Code = null);
