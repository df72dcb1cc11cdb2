using System.Text;

namespace Depot.Cli.Sync;

/// <summary>
/// How sync compares names, the server's way (docs/api.md, Files): Unicode NFC, case ignored. "Report.txt" and
/// "report.txt", or "café" typed on macOS (NFD, <c>e</c> + U+0301) and on Linux (NFC, <c>é</c>), are one file; each side
/// keeps the spelling it has. <see cref="Spelling"/> (NFC, case kept) tells a case-only rename from a mere difference in
/// normalisation, which is not a change at all.
/// </summary>
internal sealed class SyncNames : IEqualityComparer<string>
{
    /// <summary>Compares relative paths by <see cref="Key"/>.</summary>
    public static readonly SyncNames Comparer = new();

    /// <summary>The comparison key: NFC, upper-cased with the invariant culture (the server's <c>name_key</c> rule).</summary>
    public static string Key(string path) => Spelling(path).ToUpperInvariant();

    /// <summary>The canonical spelling: NFC, case kept (what the server stores).</summary>
    public static string Spelling(string path) => path.IsNormalized(NormalizationForm.FormC) ? path : path.Normalize(NormalizationForm.FormC);

    /// <summary>The last segment of a '/'-separated relative path.</summary>
    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The folder part of a relative path, "" at the top.</summary>
    public static string ParentOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

    /// <summary>Whether <paramref name="path"/> is inside <paramref name="folder"/> (by key).</summary>
    public static bool IsUnder(string path, string folder) =>
        Key(path).StartsWith(Key(folder) + "/", StringComparison.Ordinal);

    public bool Equals(string? x, string? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && string.Equals(Key(x), Key(y), StringComparison.Ordinal));

    public int GetHashCode(string obj) => Key(obj).GetHashCode(StringComparison.Ordinal);
}
