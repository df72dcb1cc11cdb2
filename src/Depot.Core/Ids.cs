namespace Depot.Core;

/// <summary>Identifiers: time-ordered GUIDs (v7) in compact hex, portable as TEXT in SQLite and PostgreSQL.</summary>
public static class Ids
{
    public static string New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");

    /// <summary>Whether <paramref name="id"/> has the shape <see cref="New"/> gives (32 lower-case hex digits): what a blob store accepts as a name.</summary>
    public static bool IsBlobId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
