using System.Security.Cryptography;
using Depot.Cli.Output;
using Depot.Client;

namespace Depot.Cli.Transfers;

/// <summary>Uploads files in parallel, each streamed from disk with its SHA-256 sent so the server verifies it.</summary>
internal static class Uploads
{
    public static async Task<IReadOnlyList<Transfer>> RunAsync(
        Invocation run, DepotClient client, IReadOnlyList<LocalFile> files, int jobs, CancellationToken cancellationToken)
    {
        var results = new Transfer[files.Count];
        await TransferView.RunAsync(run, files.Count, files.Sum(f => f.Size), reporter =>
            Parallel.ForEachAsync(Enumerable.Range(0, files.Count),
                new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken },
                async (index, token) => results[index] = await UploadAsync(client, files[index], reporter, token)));
        return results;
    }

    private static async Task<Transfer> UploadAsync(DepotClient client, LocalFile file, TransferReporter reporter, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        // Hashing first costs a second read (usually from the page cache) but lets the server refuse a body that
        // changed or broke on the way, before anything is stored.
        var sha256 = await SHA256.HashDataAsync(stream, cancellationToken);
        stream.Position = 0;

        var progress = reporter.Begin(file.Remote, stream.Length);
        var options = new UploadOptions { Sha256 = sha256, CreateParents = true };
        var node = await client.Files.UploadAsync(file.Remote, stream, options, progress, cancellationToken);
        progress.Complete();
        return new Transfer(file.Path, node.Path, node.Size, node.Sha256);
    }
}
