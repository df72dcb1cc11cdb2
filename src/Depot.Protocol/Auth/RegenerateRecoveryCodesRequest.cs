namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/me/two-factor/recovery-codes</c>: the account password and a current code from the app.</summary>
public sealed record RegenerateRecoveryCodesRequest(string Password, string Code);
