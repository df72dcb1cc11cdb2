namespace Depot.Core.Files;

/// <summary>
/// The part of a file a reader says it will read, in the forms of an RFC 9110 byte range: <c>From</c>–<c>To</c>
/// inclusive, <c>From</c> alone (to the end), or <c>To</c> alone (the last <c>To</c> bytes). It is a hint: with it the
/// store serves one bounded range (on S3, a ranged GET that ends where the reader stops, instead of streaming the rest of
/// the object into a connection that is then dropped); a read past it still gets the right bytes.
/// </summary>
public readonly record struct ByteWindow(long? From, long? To)
{
    /// <summary>The offset and length this window selects in a file of <paramref name="size"/> bytes; null when none.</summary>
    public (long Offset, long Length)? Resolve(long size)
    {
        if (From is not { } from)
        {
            return To is > 0 and var suffix && size > 0 ? (size - Math.Min(suffix, size), Math.Min(suffix, size)) : null;
        }

        var end = Math.Min(To ?? size - 1, size - 1);
        return from >= 0 && from <= end ? (from, end - from + 1) : null;
    }
}
