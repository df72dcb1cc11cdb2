namespace Depot.Core.Files;

/// <summary>A version of a file and whether it is the current one.</summary>
public sealed record VersionEntry(FileVersion Version, bool IsCurrent)
{
    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds(Version.CreatedAt);
}
