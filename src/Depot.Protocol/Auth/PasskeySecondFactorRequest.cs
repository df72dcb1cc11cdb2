namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/auth/passkeys/second-factor</c>: the password, checked before a passkey is asked for.</summary>
public sealed record PasskeySecondFactorRequest(string Username, string Password);
