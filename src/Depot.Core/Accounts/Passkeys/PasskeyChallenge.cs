namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// A pending WebAuthn ceremony: the options (as JSON) the browser was given, for whom (<see cref="UserId"/>; null for a
/// username-less sign-in) and until when. Kept in the metadata store so any node can finish what another began.
/// </summary>
public sealed record PasskeyChallenge(string Id, string Purpose, string? UserId, string Options, DateTimeOffset ExpiresAt);
