using System.Text.Json;

namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/auth/passkeys/session</c>: the ceremony's id and the browser's assertion (<c>PublicKeyCredential</c> JSON).</summary>
public sealed record PasskeySignInRequest(string ChallengeId, JsonElement Credential);
