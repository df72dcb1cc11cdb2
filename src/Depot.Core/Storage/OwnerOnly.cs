namespace Depot.Core.Storage;

/// <summary>
/// Everything Depot writes (database, blobs, partial uploads, keys) is readable by the account that runs it and no
/// other: folders 0700, files 0600, set when they are created so nothing is ever briefly world-readable. Windows
/// has no such modes; its files inherit the data folder's ACL.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> and any missing parents, each new one with mode 0700.</summary>
    public static DirectoryInfo CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        // Directory.CreateDirectory gives the mode to the last folder only; missing parents would get 0777 & ~umask.
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
        {
            CreateFolder(parent);
        }

        return Directory.CreateDirectory(full, FolderMode);
    }

    /// <summary><paramref name="options"/> with the 0600 creation mode applied (where the OS has modes).</summary>
    public static FileStreamOptions Apply(FileStreamOptions options)
    {
        if (!OperatingSystem.IsWindows() && options.Mode is System.IO.FileMode.CreateNew or System.IO.FileMode.Create or System.IO.FileMode.OpenOrCreate)
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
