using System.Text;

namespace Depot.Server.Dav.Auth;

/// <summary>Parses the credentials of an HTTP Basic <c>Authorization</c> header (RFC 7617): base64 of UTF-8 "user:password".</summary>
internal static class BasicCredentials
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (string Username, string Password)? Parse(string encoded)
    {
        // 4 KiB of base64 holds any real username and password; longer is not worth decoding.
        var trimmed = encoded.Trim();
        if (trimmed.Length is 0 or > 4096)
        {
            return null;
        }

        try
        {
            var text = StrictUtf8.GetString(Convert.FromBase64String(trimmed));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }
}
