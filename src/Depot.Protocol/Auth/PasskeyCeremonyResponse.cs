using System.Text.Json;

namespace Depot.Protocol.Auth;

/// <summary>
/// A passkey ceremony begun: give <see cref="Options"/> (WebAuthn's creation or request options, binary members as
/// base64url) to <c>navigator.credentials.create</c>/<c>get</c>, and send the result back with <see cref="ChallengeId"/>
/// within five minutes. <see cref="CodeAccepted"/>, for a second factor only: a TOTP or recovery code would do instead.
/// </summary>
public sealed record PasskeyCeremonyResponse(string ChallengeId, JsonElement Options, bool? CodeAccepted = null);
