namespace Depot.Protocol.Auth;

/// <summary>Body of <c>PATCH /api/v1/me/passkeys/{id}</c>.</summary>
public sealed record RenamePasskeyRequest(string Name);
