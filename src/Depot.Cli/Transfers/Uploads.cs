using System.Security.Cryptography;
using Depot.Cli.Output;
using Depot.Cli.Net;
using Depot.Client;

namespace Depot.Cli.Transfers;

/// <summary>Uploads files in parallel, each streamed from disk with its SHA-256 sent so the server verifies it.</summary>
internal static class Uploads
{
    /// <summary>
    /// Files of at least <paramref name="resumableAbove"/> bytes go by tus, resumable by running the same put again
    /// (<see cref="ResumableUploader"/>).
    /// </summary>
    public static async Task<IReadOnlyList<Transfer>> RunAsync(
        Invocation run, Session session, IReadOnlyList<LocalFile> files, int jobs, long resumableAbove, CancellationToken cancellationToken)
    {
        var results = new Transfer[files.Count];
        var uploader = ResumableUploader.For(run, session, resumableAbove);
        await TransferView.RunAsync(run, files.Count, files.Sum(f => f.Size), reporter =>
            Parallel.ForEachAsync(Enumerable.Range(0, files.Count),
                new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken },
                async (index, token) => results[index] = await UploadAsync(session.Client, files[index], uploader, reporter, token)));
        return results;
    }

    private static async Task<Transfer> UploadAsync(
        DepotClient client, LocalFile file, ResumableUploader uploader, TransferReporter reporter, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        // Hashing first costs a second read (usually from the page cache) but lets the server refuse a body that
        // changed or broke on the way, before anything is stored.
        var sha256 = await SHA256.HashDataAsync(stream, cancellationToken);
        stream.Position = 0;

        var progress = reporter.Begin(file.Remote, stream.Length);
        // The local modified time goes with the file, so `depot get` (and sync tools) see the time it was edited.
        var options = new UploadOptions { Sha256 = sha256, CreateParents = true, ModifiedAt = File.GetLastWriteTimeUtc(file.Path) };
        var node = await uploader.UploadAsync(client, file, stream, options, progress, cancellationToken);
        progress.Complete();
        return new Transfer(file.Path, node.Path, node.Size, node.Sha256);
    }
}
