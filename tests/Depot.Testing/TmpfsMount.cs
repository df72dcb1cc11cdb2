using System.Diagnostics;

namespace Depot.Testing;

/// <summary>
/// A tmpfs of a fixed size mounted on a folder, so a test can fill a real file system and get ENOSPC from the kernel
/// (not from a fake). Unmounted (lazily, should a file still be open) on dispose.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    /// <summary>True where <see cref="Mount"/> can work: Linux, as root.</summary>
    public static bool CanMount => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;

    public string Path { get; }

    public static TmpfsMount Mount(string path, long bytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0700", "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>
    /// Writes <paramref name="filler"/> until the file system refuses another byte, and returns how many were written.
    /// Smaller and smaller writes take the last pages, so nothing is left for anyone else.
    /// </summary>
    public static long Fill(string filler)
    {
        long written = 0;
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        var chunk = new byte[1024 * 1024];
        for (var size = chunk.Length; size >= 512; size /= 2)
        {
            try
            {
                while (true)
                {
                    stream.Write(chunk, 0, size);
                    written += size;
                }
            }
            catch (IOException)
            {
                // Full at this size; the next round tries a smaller write.
            }
        }

        return written;
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"{program} did not finish in 30 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {process.StandardError.ReadToEnd()}");
        }
    }
}
