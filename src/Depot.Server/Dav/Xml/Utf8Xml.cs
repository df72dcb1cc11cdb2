using System.Buffers;
using System.Text;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// Text and URL segments written straight into a UTF-8 buffer, escaped as XmlWriter escaped them: <c>&amp;</c>,
/// <c>&lt;</c>, <c>&gt;</c> as entities, line breaks normalised to <c>\n</c>, everything else as its UTF-8. A string
/// with nothing to escape (nearly every name, type and tag) is one transcoding, with no string built on the way.
/// </summary>
internal static class Utf8Xml
{
    // What text cannot hold as is: markup, carriage returns (XmlWriter's NewLineHandling.Replace), and the C0 controls
    // XML 1.0 forbids (names refuse them; a stored value might not), which become U+FFFD instead of an invalid document.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "&<>\r\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    // RFC 3986's unreserved characters, the only ones Uri.EscapeDataString leaves as they are.
    private static readonly SearchValues<byte> Unreserved = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"u8);

    private static readonly byte[] Hex = "0123456789ABCDEF"u8.ToArray();

    public static void Text(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(Special);
            Plain(output, special < 0 ? text : text[..special]);
            if (special < 0)
            {
                return;
            }

            var c = text[special];
            var skip = 1;
            switch (c)
            {
                case '&':
                    output.Write("&amp;"u8);
                    break;
                case '<':
                    output.Write("&lt;"u8);
                    break;
                case '>':
                    output.Write("&gt;"u8);
                    break;
                case '\r':
                    output.Write("\n"u8);
                    skip = special + 1 < text.Length && text[special + 1] == '\n' ? 2 : 1;
                    break;
                default:
                    output.Write("\uFFFD"u8);
                    break;
            }

            text = text[(special + skip)..];
        }
    }

    /// <summary>Text that needs no escaping (checked by the caller), or raw markup, as UTF-8.</summary>
    public static void Plain(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        // Short strings go in one piece; long ones (a stored property of up to 64 KiB) through the encoder in pieces.
        if (text.Length <= 1024)
        {
            var written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
            output.Advance(written);
        }
        else
        {
            Encoding.UTF8.GetEncoder().Convert(text, output, flush: true, out _, out _);
        }
    }

    /// <summary>One path segment percent-encoded byte by byte, exactly as <see cref="Uri.EscapeDataString(string)"/> does.</summary>
    public static void UrlSegment(IBufferWriter<byte> output, string segment)
    {
        var max = Encoding.UTF8.GetMaxByteCount(segment.Length);
        var rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[512];
            utf8 = utf8[..Encoding.UTF8.GetBytes(segment, utf8)];
            while (!utf8.IsEmpty)
            {
                var reserved = utf8.IndexOfAnyExcept(Unreserved);
                output.Write(reserved < 0 ? utf8 : utf8[..reserved]);
                if (reserved < 0)
                {
                    return;
                }

                var escaped = output.GetSpan(3);
                escaped[0] = (byte)'%';
                escaped[1] = Hex[utf8[reserved] >> 4];
                escaped[2] = Hex[utf8[reserved] & 0xF];
                output.Advance(3);
                utf8 = utf8[(reserved + 1)..];
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
