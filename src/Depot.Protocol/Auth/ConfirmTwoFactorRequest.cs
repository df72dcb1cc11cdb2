namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/me/two-factor/confirm</c>: the first code from the authenticator app.</summary>
public sealed record ConfirmTwoFactorRequest(string Code);
