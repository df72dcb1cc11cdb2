namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/me/two-factor/disable</c>: the account password and a current or recovery code.</summary>
public sealed record DisableTwoFactorRequest(string Password, string Code);
