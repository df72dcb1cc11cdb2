using System.Diagnostics;
using System.Globalization;

namespace Depot.Bench;

/// <summary>
/// How many small files the disk under the data folders can make durable per second (write 4 KiB,
/// fsync, rename) with as many threads as the small-file phase has connections. That is the
/// ceiling for any server that fsyncs each upload, and the key to reading the small-upload row.
/// </summary>
internal static class FsyncProbe
{
    public static double FilesPerSecond(string directory, int files, int fileBytes, int workers)
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, "fsync-probe-" + Environment.ProcessId));
        try
        {
            // Dedicated threads, not the thread pool: fsync blocks, and the pool would add threads
            // too slowly to keep all of them busy.
            var next = -1;
            var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
            {
                var buffer = new byte[fileBytes];
                Random.Shared.NextBytes(buffer);
                int index;
                while ((index = Interlocked.Increment(ref next)) < files)
                {
                    WriteDurably(Path.Combine(folder.FullName, index.ToString("D6", CultureInfo.InvariantCulture)), buffer);
                }
            })).ToList();

            var start = Stopwatch.GetTimestamp();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            return files / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void WriteDurably(string name, byte[] content)
    {
        using (var file = new FileStream(name + ".tmp", FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(name + ".tmp", name);
    }
}
