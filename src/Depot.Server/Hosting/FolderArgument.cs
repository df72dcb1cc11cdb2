namespace Depot.Server.Hosting;

/// <summary>
/// The arguments of a verb that takes one folder first (<c>backup DEST</c>, <c>restore SRC</c>) and then server settings
/// (<c>--data DIR</c>, <c>--Section:Name=value</c>).
/// </summary>
internal sealed record FolderArgument(string Folder, string[] Settings)
{
    /// <summary>The parsed arguments, or null when the first is missing or is an option.</summary>
    public static FolderArgument? Parse(string[] args) =>
        args is [var folder, .. var rest] && !folder.StartsWith('-') && folder.Length > 0 ? new FolderArgument(folder, rest) : null;
}
