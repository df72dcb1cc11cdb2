using System.Security.Cryptography;
using OtpNet;

namespace Depot.Core.Accounts.TwoFactor;

/// <summary>
/// TOTP (RFC 6238) as authenticator apps speak it: HMAC-SHA1, six digits, 30-second steps. Verification accepts the
/// step before and after the current one (RFC 6238 §5.2 recommends at most one step of delay), so a phone whose clock is
/// a little off, or a code typed as it changes, still works; the accepted step is returned so it can be spent once.
/// </summary>
public static class TotpCodes
{
    public const int Digits = 6;

    // 160 bits: the HMAC-SHA1 block the RFC's reference implementation uses, and what Google Authenticator expects.
    public static string NewSecret() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));

    /// <summary>The <c>otpauth://totp/Issuer:user?secret=…&amp;issuer=Issuer</c> URI a QR code carries to the app.</summary>
    public static string Uri(string secret, string username, string issuer) =>
        new OtpUri(OtpType.Totp, secret, username, issuer).ToString();

    /// <summary>The time step <paramref name="code"/> is valid for at <paramref name="now"/>, or null when it is not a valid code.</summary>
    public static long? MatchingStep(string secret, string code, DateTimeOffset now)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The code for <paramref name="now"/> (tests, and nothing else: the server never shows a code).</summary>
    public static string Compute(string secret, DateTimeOffset now) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(now.UtcDateTime);

    /// <summary>Whether <paramref name="code"/> looks like a TOTP code rather than a recovery code.</summary>
    public static bool LooksLikeTotp(string code) => code.Replace(" ", "", StringComparison.Ordinal) is { Length: Digits } d && d.All(char.IsAsciiDigit);
}
