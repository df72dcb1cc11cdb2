using System.Text;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// The one canonical rule for file and folder names, applied by every protocol (REST, WebDAV, tus, links).
/// <list type="bullet">
/// <item>Names are stored in Unicode normalisation form C, so an NFD name from macOS and its NFC twin are
/// the same name.</item>
/// <item>A name is 1–255 bytes of UTF-8 (the limit of ext4, APFS and NTFS components), is never <c>.</c> or
/// <c>..</c> or only white space or invisible characters, and never contains <c>/</c>, <c>\</c>, NUL, any other control character (C0, DEL, C1) or an
/// unpaired surrogate.</item>
/// <item>Uniqueness within a folder is case-insensitive and case-preserving: the comparison key is the NFC
/// name upper-cased with the invariant culture (<see cref="Key"/>, stored in <c>nodes.name_key</c>). Two
/// names that differ only in case can therefore never sit side by side, which keeps Windows and macOS
/// clients, whose file systems fold case, safe when they sync a folder.</item>
/// </list>
/// </summary>
public static class NodeName
{
    /// <summary>The maximum length of a name in UTF-8 bytes.</summary>
    public const int MaxBytes = 255;

    /// <summary>Validates <paramref name="name"/> and returns its canonical (NFC) form, or an <c>invalid_name</c> error.</summary>
    public static Result<string> Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Invalid("A name cannot be empty.");
        }

        // Checked before normalising: string.Normalize rejects ill-formed UTF-16 with an exception.
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return Invalid($"The name contains an unpaired surrogate at position {i}.");
            }
        }

        var normalized = name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);
        if (normalized is "." or "..")
        {
            return Invalid($"'{normalized}' is not allowed as a name.");
        }

        foreach (var c in normalized)
        {
            var problem = c switch
            {
                '/' => "a slash '/'",
                '\\' => "a backslash '\\'",
                '\0' => "a NUL character",
                _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
                _ => null,
            };
            if (problem is not null)
            {
                return Invalid($"The name contains {problem}.");
            }
        }

        // A name that shows nothing (spaces, tabs, no-break or ideographic spaces, zero-width characters) cannot be
        // told apart in a listing, is trimmed away by many clients and is refused by Windows: refuse it like "." and "..".
        if (IsInvisible(normalized))
        {
            return Invalid("A name cannot be made only of white space or invisible characters.");
        }

        var bytes = Encoding.UTF8.GetByteCount(normalized);
        return bytes > MaxBytes
            ? Invalid($"The name is {bytes} bytes of UTF-8; the limit is {MaxBytes}.")
            : normalized;
    }

    /// <summary>The comparison key of a canonical (already normalised) name: equal keys are the same name.</summary>
    public static string Key(string normalizedName) => normalizedName.ToUpperInvariant();

    private static Result<string> Invalid(string detail) => Result<string>.Fail(ErrorCodes.InvalidName, detail);

    // A loop, not LINQ's All over the string: every path segment of every request passes here (a boxed enumerator each).
    private static bool IsInvisible(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }
}
