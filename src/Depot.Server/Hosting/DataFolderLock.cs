using Depot.Core.Storage;

namespace Depot.Server.Hosting;

/// <summary>
/// One process at a time on a data folder with SQLite metadata: the server holds an exclusive lock on
/// <c>depot.lock</c> while it runs, and so does <c>migrate-metadata</c> while it copies. .NET takes it with
/// <c>flock(LOCK_EX | LOCK_NB)</c> for <see cref="FileShare.None"/> on Unix (a share lock on Windows); the kernel drops it
/// when the process ends, however it ends, so a crash never leaves a stale lock. The file itself stays (removing a lock
/// file is a race). With PostgreSQL metadata no lock is taken: several nodes may share one blob folder.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string FileName = "depot.lock";

    private readonly Lock _gate = new();
    private FileStream? _file;

    /// <summary>Takes the lock on <paramref name="folder"/> (which must exist); false when another process holds it.</summary>
    public bool TryAcquire(string folder)
    {
        lock (_gate)
        {
            if (_file is not null)
            {
                return true;
            }

            try
            {
                _file = new FileStream(Path.Combine(folder, FileName), OwnerOnly.Apply(new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None,
                }));
                return true;
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                return false;
            }
        }
    }

    /// <param name="deleteFile">Also delete the file: only for a folder this process just created and gives up.</param>
    public void Release(bool deleteFile = false)
    {
        lock (_gate)
        {
            if (_file is null)
            {
                return;
            }

            if (deleteFile)
            {
                File.Delete(_file.Name);
            }

            _file.Dispose();
            _file = null;
        }
    }

    public void Dispose() => Release();

    public static string InUse(string folder) =>
        $"The data folder '{folder}' is in use by another depot-server process (it holds {Path.Combine(folder, FileName)}): " +
        "one process at a time may use a data folder with SQLite metadata. Stop the other one first.";
}
