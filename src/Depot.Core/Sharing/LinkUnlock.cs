using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Sharing;

/// <summary>
/// The value of the cookie that <c>POST /api/v1/links/unlock</c> sets: <c>&lt;expiryUnixSeconds&gt;.&lt;base64url mac&gt;</c>, where
/// mac = HMAC-SHA256(key = the link's stored password hash, msg = linkId + "|" + expiry). Stateless and keyless to manage:
/// the key is already secret and per link, so a cookie is useless on any other link, and changing or clearing the
/// password invalidates every cookie issued under the old one.
/// </summary>
public static class LinkUnlock
{
    // 12 hours: a visit that lasts a working day needs the password once; a cookie left on a shared computer dies by night.
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>When a cookie issued now expires: after <see cref="Lifetime"/>, or with the link if that is sooner.</summary>
    public static DateTimeOffset ExpiryFor(LinkRecord link, DateTimeOffset now)
    {
        var expiry = now + Lifetime;
        return link.ExpiresAt is { } ends && ends < expiry.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(ends) : expiry;
    }

    public static string Issue(string passwordHash, string linkId, DateTimeOffset expiresAt)
    {
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return expiry + "." + Base64Url.EncodeToString(Mac(passwordHash, linkId, expiry));
    }

    /// <summary>True when <paramref name="value"/> was issued for this link under this password hash and has not expired.</summary>
    public static bool Verify(string passwordHash, string linkId, string? value, DateTimeOffset now)
    {
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (value is null || dot <= 0 || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || expiry <= now.ToUnixTimeSeconds())
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Mac(passwordHash, linkId, value[..dot]));
    }

    private static byte[] Mac(string passwordHash, string linkId, string expiry) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(passwordHash), Encoding.UTF8.GetBytes(linkId + "|" + expiry));
}
