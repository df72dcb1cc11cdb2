using System.Runtime.InteropServices;

namespace Depot.Core.Storage;

/// <summary>
/// fsync of a directory, which makes a newly created file's directory entry durable (fsync of the file alone
/// does not, see fsync(2)). .NET has no API for it, so on Linux we call libc directly; elsewhere it is a no-op
/// (Windows has no equivalent requirement; macOS is not a server target).
/// </summary>
internal static partial class DirectorySync
{
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int ReadOnly = 0; // O_RDONLY: a directory can be opened read-only and fsync'ed.
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"open({directory}) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync({directory}) failed with errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
