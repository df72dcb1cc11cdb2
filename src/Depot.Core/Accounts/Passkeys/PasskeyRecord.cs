namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// A row of <c>passkeys</c>: one WebAuthn credential of a user. <see cref="CredentialId"/>, <see cref="PublicKey"/> and
/// <see cref="UserHandle"/> are base64url; <see cref="Id"/> is Depot's own, the one the API names.
/// </summary>
public sealed record PasskeyRecord(
    string Id,
    string UserId,
    string CredentialId,
    string PublicKey,
    long SignCount,
    string UserHandle,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt);
