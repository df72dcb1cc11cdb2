using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;

namespace Depot.Core.Accounts.Passkeys;

/// <summary>
/// What adding a passkey and signing in with one share: pending ceremonies in the metadata store (any node finishes
/// what another began; each is taken once and dead after <see cref="Lifetime"/>), the Fido2 verifier for a relying
/// party, and WebAuthn's base64url JSON.
/// </summary>
public sealed class PasskeyCeremonies(IPasskeyStore store, TimeProvider clock)
{
    /// <summary>How long a begun ceremony can be finished: the browser's prompt times out after a minute; this leaves slack.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<PasskeyCeremony> SaveAsync(string purpose, string? userId, string options, bool codeAccepted, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var challenge = new PasskeyChallenge(Encode(RandomNumberGenerator.GetBytes(16)), purpose, userId, options, now + Lifetime);
        await store.SaveChallengeAsync(challenge, now, cancellationToken);
        return new PasskeyCeremony(challenge.Id, options, codeAccepted);
    }

    /// <summary>Takes the ceremony <paramref name="challengeId"/> if it is live and of <paramref name="purpose"/> (any, when null).</summary>
    public async Task<PasskeyChallenge?> TakeAsync(string challengeId, string? purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(challengeId) || challengeId.Length > 100)
        {
            return null;
        }

        var challenge = await store.TakeChallengeAsync(challengeId, cancellationToken);
        return challenge is not null && challenge.ExpiresAt > clock.GetUtcNow() && (purpose is null || challenge.Purpose == purpose)
            ? challenge
            : null;
    }

    public static Fido2 Fido2For(PasskeyParty party) => new(new Fido2Configuration
    {
        RPID = party.Id,
        RPName = party.Name,
        Origins = new HashSet<string>(party.Origins, StringComparer.Ordinal),
    });

    public static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static byte[] Decode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    public static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json) ?? throw new JsonException("The passkey response is empty.");

    /// <summary>What a browser (or an attacker) can make Fido2 throw with a bad answer; anything else is a bug and propagates.</summary>
    public static bool IsRejection(Exception e) =>
        e is Fido2VerificationException or JsonException or FormatException or ArgumentException or InvalidOperationException
            or System.Formats.Cbor.CborContentException or CryptographicException or NotSupportedException;
}
