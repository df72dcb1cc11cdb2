using Depot.Core.Storage;

namespace Depot.Server.Hosting;

/// <summary>
/// Makes sure the data folder can hold Depot's data before anything is written to it: a folder (not a file), writable by
/// this account, and readable by no other (0700: it holds every user's files and the password hashes).
/// </summary>
internal static class DataFolder
{
    /// <summary>Creates or checks the folder; true when it was created now (so a failed start can take it back).</summary>
    public static bool Prepare(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            throw Refused(path, "is a file, not a folder");
        }

        var created = !Directory.Exists(path);
        try
        {
            OwnerOnly.CreateFolder(path);
            ProbeWrite(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused(path, created ? $"cannot be created ({e.Message})" : $"is not writable by this account ({e.Message})");
        }

        TightenMode(path, logger);
        return created;
    }

    /// <summary>Creates the SQLite file 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same mode.</summary>
    public static void PrepareDatabaseFile(string path)
    {
        if (!File.Exists(path))
        {
            new FileStream(path, OwnerOnly.Apply(new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write })).Dispose();
        }
    }

    private static void ProbeWrite(string path)
    {
        var probe = Path.Combine(path, $".write-check-{Guid.NewGuid():N}");
        using (new FileStream(probe, OwnerOnly.Apply(new FileStreamOptions
               {
                   Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.DeleteOnClose,
               })))
        {
        }
    }

    // Folders made by earlier versions are 0755: closing the top folder protects everything below it at once.
    private static void TightenMode(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~OwnerOnly.FolderMode) == 0)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, OwnerOnly.FolderMode);
            HostingLog.DataFolderTightened(logger, path, Convert.ToString((int)mode, 8));
        }
        catch (UnauthorizedAccessException)
        {
            // Owned by another account (an operator's choice): say so, but it is not a reason to refuse to start.
            HostingLog.DataFolderOpen(logger, path, Convert.ToString((int)mode, 8));
        }
    }

    private static StartupRefusedException Refused(string path, string problem) => new(
        $"The data folder '{path}' (Depot:DataPath, --data or DEPOT_DATA) {problem}. " +
        "Choose a folder the account running depot-server may create and write, or fix its ownership.");
}
