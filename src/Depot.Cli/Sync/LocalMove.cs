namespace Depot.Cli.Sync;

/// <summary>
/// Renames a local file or folder. A change of case only ("Report.txt" → "report.txt") goes through a temporary
/// name: on a case-insensitive file system (macOS, Windows) the target "exists" (it is the source), and a direct
/// rename would fail or do nothing; through a temporary name it works on every file system.
/// </summary>
internal static class LocalMove
{
    public static void Run(string source, string target, bool isFolder)
    {
        if (string.Equals(SyncNames.Key(source), SyncNames.Key(target), StringComparison.Ordinal) && source != target)
        {
            var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Guid.NewGuid():N}.depot-part");
            Move(source, temporary, isFolder);
            source = temporary;
        }

        Move(source, target, isFolder);
    }

    private static void Move(string source, string target, bool isFolder)
    {
        if (isFolder)
        {
            Directory.Move(source, target);
        }
        else
        {
            File.Move(source, target, overwrite: false);
        }
    }
}
