using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Depot.Core.Events;

/// <summary>The opaque page cursor: the position (<c>at</c>, id) of the last event of the previous page, base64url.</summary>
internal static class AuditCursor
{
    public static string Encode(AuditEvent last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{last.At.ToUnixTimeMilliseconds()}|{last.Id}")));

    public static (long At, string Id)? Decode(string? cursor)
    {
        try
        {
            var parts = cursor is null || cursor.Length > 200 ? [] : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var at) && parts[1].Length > 0
                ? (at, parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
