using System.Security.Cryptography;

namespace Depot.Cli.Sync;

/// <summary>
/// Walks the local folder. A file whose size and modified time equal the last-synced record keeps that record's SHA-256
/// (as git's index does), so a no-change sync reads no file; any other file is hashed. Entries are keyed the server's
/// way (<see cref="SyncNames"/>); two local names the server would take for one ("a.txt" and "A.txt" on a case-sensitive
/// disk, or an NFC and an NFD spelling) cannot both be synced: the first in ordinal order is, the other is reported.
/// </summary>
internal static class LocalScanner
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,   // symbolic links are not followed or synced
        IgnoreInaccessible = true,
    };

    public static async Task<Dictionary<string, LocalEntry>> ScanAsync(
        string root, IgnoreRules ignore, IReadOnlyDictionary<string, SyncedEntry> synced, ICollection<string> clashes,
        CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, LocalEntry>(SyncNames.Comparer);
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var found = new DirectoryInfo(root).EnumerateFileSystemInfos("*", Walk)
            .Select(info => (Info: info, Path: Relative(root, info.FullName)))
            .OrderBy(f => f.Path, StringComparer.Ordinal);
        foreach (var (info, path) in found)
        {
            if (ignore.IsIgnored(path))
            {
                continue;
            }

            if (skipped.Contains(SyncNames.ParentOf(path)))
            {
                skipped.Add(path);   // inside a folder left out below
                continue;
            }

            if (entries.TryGetValue(path, out var twin))
            {
                clashes.Add($"{path}: the server takes it for {twin.Path} (names differ only in case or Unicode form); left alone");
                skipped.Add(path);
                continue;
            }

            if (info is DirectoryInfo)
            {
                entries[path] = new LocalEntry(path, true, 0, 0, null);
                continue;
            }

            var file = (FileInfo)info;
            var mtime = Mtime(file);
            var sha256 = synced.TryGetValue(path, out var known) && !known.IsFolder && known.Size == file.Length && known.Mtime == mtime
                ? known.Sha256
                : await HashAsync(file.FullName, cancellationToken);
            entries[path] = new LocalEntry(path, false, file.Length, mtime, sha256);
        }

        return entries;
    }

    public static long Mtime(FileInfo file) => new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeSeconds();

    public static async Task<string> HashAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    public static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');

    public static string Full(string root, string path) => Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));
}
