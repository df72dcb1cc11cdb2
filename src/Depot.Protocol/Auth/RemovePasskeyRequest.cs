namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/me/passkeys/{id}/remove</c>: the account password, asked again before a second factor goes.</summary>
public sealed record RemovePasskeyRequest(string Password);
