namespace Depot.Core;

/// <summary>Identifiers: time-ordered GUIDs (v7) in compact hex, portable as TEXT in SQLite and PostgreSQL.</summary>
public static class Ids
{
    // In the compact form, the 13th digit is the GUID's version (RFC 9562, section 4.2).
    private const int VersionDigit = 12;

    public static string New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");

    /// <summary>Whether <paramref name="id"/> has the shape <see cref="New"/> gives (32 lower-case hex digits): what a blob store accepts as a name.</summary>
    public static bool IsBlobId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// The id of a blob whose content the metadata store keeps (<see cref="Storage.InlineBlobStore"/>): a v7 GUID with its
    /// version digit set to 8 (RFC 9562's "custom" version), so where to read it is known from the id alone, without
    /// a lookup, and it still sorts by time.
    /// </summary>
    public static string NewInlineBlob(TimeProvider clock)
    {
        var id = New(clock);
        return string.Create(id.Length, id, static (span, source) =>
        {
            source.CopyTo(span);
            span[VersionDigit] = '8';
        });
    }

    /// <summary>Whether <paramref name="id"/> was made by <see cref="NewInlineBlob"/>.</summary>
    public static bool IsInlineBlob(string id) => id.Length == 32 && id[VersionDigit] == '8';
}
