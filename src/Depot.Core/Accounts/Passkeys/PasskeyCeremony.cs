namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// A ceremony begun: the id to send back with the browser's answer, and the options (JSON, as WebAuthn's
/// <c>PublicKeyCredentialCreationOptionsJSON</c> / <c>RequestOptionsJSON</c>) to give <c>navigator.credentials</c>.
/// <see cref="CodeAccepted"/>: for a second factor, whether a TOTP or recovery code would do instead.
/// </summary>
public sealed record PasskeyCeremony(string ChallengeId, string Options, bool CodeAccepted = false);
