namespace Depot.System.Tests;

/// <summary>
/// What a server keeps in its data folder besides the metadata database: blob files, temp files, whatever a
/// crash or an abort could leave behind. Counted without knowing the layout, so a stray file anywhere shows.
/// </summary>
internal static class DataFolder
{
    public static IReadOnlyList<FileInfo> ContentFiles(string dataPath) =>
        [.. new DirectoryInfo(dataPath).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Name.StartsWith("depot.db", StringComparison.Ordinal))
            .Where(f => f.Name != "depot.lock") // the empty data-folder lock the running server holds
            .Where(f => !f.Name.StartsWith(".readyz-", StringComparison.Ordinal)) // the readiness probe, deleted on close
            .OrderBy(f => f.FullName, StringComparer.Ordinal)];

    public static string Describe(string dataPath, IEnumerable<FileInfo> files) =>
        string.Join(Environment.NewLine, files.Select(f => $"    {Path.GetRelativePath(dataPath, f.FullName)} {f.Length} B {f.LastWriteTimeUtc:HH:mm:ss.fff}"));

    /// <summary>Polls (bounded) until <paramref name="condition"/> holds for the folder's content files; returns the last listing.</summary>
    public static async Task<IReadOnlyList<FileInfo>> WaitUntilAsync(string dataPath, Func<IReadOnlyList<FileInfo>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var files = ContentFiles(dataPath);
            if (condition(files) || DateTime.UtcNow >= deadline)
            {
                return files;
            }

            await Task.Delay(100);
        }
    }
}
