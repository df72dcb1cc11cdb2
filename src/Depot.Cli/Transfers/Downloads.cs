using System.Security.Cryptography;
using Depot.Cli.Output;
using Depot.Client;

namespace Depot.Cli.Transfers;

/// <summary>
/// Downloads files in parallel into hidden ".name.KEY.depot-part" files beside their targets, flushed to disk and
/// renamed into place only when complete: an interrupted download never leaves a partial file under the real name,
/// and running the command again resumes it (the key is the file version, so a changed file starts over).
/// </summary>
internal static class Downloads
{
    public static async Task<IReadOnlyList<Transfer>> RunAsync(
        Invocation run, DepotClient client, IReadOnlyList<RemoteFile> files, int jobs, CancellationToken cancellationToken)
    {
        var results = new Transfer[files.Count];
        await TransferView.RunAsync(run, files.Count, files.Sum(f => f.Size), reporter =>
            Parallel.ForEachAsync(Enumerable.Range(0, files.Count),
                new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken },
                async (index, token) => results[index] = await DownloadAsync(client, files[index], reporter, token)));
        return results;
    }

    private static async Task<Transfer> DownloadAsync(DepotClient client, RemoteFile file, TransferReporter reporter, CancellationToken cancellationToken)
    {
        var progress = reporter.Begin(file.Path, file.Size);
        var (part, result) = await FetchAsync(client, file, progress, cancellationToken);
        File.Move(part, file.Local, overwrite: true);
        File.SetLastWriteTimeUtc(file.Local, file.ModifiedAt.UtcDateTime);
        progress.Complete();
        return new Transfer(file.Local, file.Path, result.Length, file.Sha256);
    }

    /// <summary>
    /// Downloads <paramref name="file"/> into its part file beside <see cref="RemoteFile.Local"/>, resuming what an
    /// interrupted run left there (a ranged GET with <c>If-Range</c>, checked in full afterwards), flushed to disk.
    /// The caller moves the part into place; <c>depot sync</c> checks the local file first.
    /// </summary>
    public static async Task<(string Part, DownloadResult Result)> FetchAsync(
        DepotClient client, RemoteFile file, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(file.Local)!;
        Directory.CreateDirectory(folder);
        var part = Path.Combine(folder, $".{Path.GetFileName(file.Local)}.{PartKey(file)}.depot-part");
        await using var stream = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        // A part as long as the file (or longer) cannot be resumed with a range: fetch it again whole.
        var offset = stream.Length < file.Size ? stream.Length : 0;
        stream.SetLength(offset);
        stream.Position = offset;
        var options = new DownloadOptions { VersionId = file.VersionId, Offset = offset, IfRange = offset > 0 ? file.ETag : null };
        var result = await client.Files.DownloadAsync(file.Path, stream, options, progress, cancellationToken);
        if (result.Resumed)
        {
            await VerifyAsync(stream, file, part, cancellationToken);
        }

        stream.Flush(flushToDisk: true);
        return (part, result);
    }

    /// <summary>A whole download is checked against Repr-Digest by the client; a resumed one is checked here, in full.</summary>
    private static async Task VerifyAsync(FileStream stream, RemoteFile file, string part, CancellationToken cancellationToken)
    {
        if (file.Sha256 is null)
        {
            return;
        }

        stream.Position = 0;
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (!actual.Equals(file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            stream.SetLength(0);
            throw new InvalidDataException($"The resumed download of {file.Path} does not match its SHA-256 (discarded {part}); run the command again.");
        }
    }

    private static string PartKey(RemoteFile file)
    {
        var identity = file.VersionId ?? file.Sha256 ?? file.ETag;
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..12];
    }
}
