namespace Depot.Core.Files;

/// <summary>A version of a file, whether it is the current one, and who saved it (null when unknown or deleted).</summary>
public sealed record VersionEntry(FileVersion Version, bool IsCurrent, string? Author = null)
{
    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds(Version.CreatedAt);
}
