using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Depot.Core.Storage;

/// <summary>
/// Starts the disk write of a range of a file being written (sync_file_range(2) with SYNC_FILE_RANGE_WRITE), without
/// waiting for it, so a large blob's pages go to the disk while the rest of it is still arriving instead of all in the
/// fsync at its end. Only a head start: it makes nothing durable (it neither waits nor flushes the disk's cache or the
/// file's metadata), so the blob's fsync stays what makes it durable, and a failure here is ignored (that fsync
/// reports any I/O error). Linux only; elsewhere a no-op.
/// </summary>
internal static partial class EarlyWriteback
{
    /// <summary>How much a write lets gather before it starts the disk on it: 8 MiB, a few milliseconds of this disk.</summary>
    public const long Bytes = 8 * 1024 * 1024;

    private const uint SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE

    public static void Start(SafeFileHandle file, long offset, long count)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            _ = SyncFileRange((int)file.DangerousGetHandle(), offset, count, SyncFileRangeWrite);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);
}
