using System.Globalization;
using System.Text;

namespace Depot.Server.Observability;

/// <summary>
/// Text from a request made safe for a one-line log: a decoded path may hold a line break or an escape sequence
/// (a file named so on purpose), which would forge a second log line or repaint a terminal. Those characters are
/// written as <c>\u000a</c>; everything else, non-ASCII names included, stays readable.
/// </summary>
internal static class LogText
{
    public static string Printable(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !text.Contains('\u007f', StringComparison.Ordinal))
        {
            return text;
        }

        var printable = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                printable.Append(c);
            }
        }

        return printable.ToString();
    }
}
