using System.Text;

namespace Depot.Server.Dav.Auth;

/// <summary>Parses the credentials of an HTTP Basic <c>Authorization</c> header (RFC 7617): base64 of UTF-8 "user:password".</summary>
internal static class BasicCredentials
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Decoded on the stack (4 KiB of base64 is 3 KiB): one string each for the username and the password, where the
    // header's substring, the decoded bytes and the whole decoded text were allocated on every WebDAV request too.
    private const int MaxEncoded = 4096;

    public static (string Username, string Password)? Parse(ReadOnlySpan<char> encoded)
    {
        // 4 KiB of base64 holds any real username and password; longer is not worth decoding.
        var trimmed = encoded.Trim();
        if (trimmed.Length is 0 or > MaxEncoded)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[MaxEncoded / 4 * 3];
        if (!Convert.TryFromBase64Chars(trimmed, buffer, out var length))
        {
            return null;
        }

        // ':' is ASCII, so it never occurs inside a multi-byte UTF-8 sequence: splitting the bytes splits the text.
        var decoded = buffer[..length];
        var colon = decoded.IndexOf((byte)':');
        if (colon <= 0)
        {
            return null;
        }

        try
        {
            return (StrictUtf8.GetString(decoded[..colon]), StrictUtf8.GetString(decoded[(colon + 1)..]));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
