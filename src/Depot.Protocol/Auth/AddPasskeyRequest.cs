using System.Text.Json;

namespace Depot.Protocol.Auth;

/// <summary>
/// Body of <c>POST /api/v1/me/passkeys</c>: the ceremony's id, a name for the passkey, and the browser's
/// <c>PublicKeyCredential</c> as JSON (its <c>toJSON()</c> form: binary members as base64url).
/// </summary>
public sealed record AddPasskeyRequest(string ChallengeId, string Name, JsonElement Credential);
