using System.Security.Cryptography;
using Depot.Cli.Output;
using Depot.Cli.Net;
using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Transfers;

/// <summary>Uploads files in parallel, each streamed from disk with its SHA-256 sent so the server verifies it.</summary>
internal static class Uploads
{
    /// <summary>
    /// Files of at least <paramref name="resumableAbove"/> bytes go by tus with their upload URL kept in the
    /// <see cref="ResumeStore"/>, so running the same put again after an interruption resumes them.
    /// </summary>
    public static async Task<IReadOnlyList<Transfer>> RunAsync(
        Invocation run, Session session, IReadOnlyList<LocalFile> files, int jobs, long resumableAbove, CancellationToken cancellationToken)
    {
        var results = new Transfer[files.Count];
        var resumable = new Resumable(new ResumeStore(Path.GetDirectoryName(run.Config.FilePath)!), session.Server, resumableAbove,
            long.TryParse(run.Host.GetEnvironmentVariable(InterruptHook), out var stopAfter) ? stopAfter : null);
        await TransferView.RunAsync(run, files.Count, files.Sum(f => f.Size), reporter =>
            Parallel.ForEachAsync(Enumerable.Range(0, files.Count),
                new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken },
                async (index, token) => results[index] = await UploadAsync(session.Client, files[index], resumable, reporter, token)));
        return results;
    }

    /// <summary>Test hook (docs/cli.md): a resumable upload stops as if interrupted once this many bytes are confirmed.</summary>
    public const string InterruptHook = "DEPOT_TEST_INTERRUPT_AFTER";

    private sealed record Resumable(ResumeStore Store, Uri Server, long Above, long? InterruptAfter);

    private static async Task<Transfer> UploadAsync(
        DepotClient client, LocalFile file, Resumable resumable, TransferReporter reporter, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        // Hashing first costs a second read (usually from the page cache) but lets the server refuse a body that
        // changed or broke on the way, before anything is stored.
        var sha256 = await SHA256.HashDataAsync(stream, cancellationToken);
        stream.Position = 0;

        var progress = reporter.Begin(file.Remote, stream.Length);
        // The local modified time goes with the file, so `depot get` (and sync tools) see the time it was edited.
        var options = new UploadOptions { Sha256 = sha256, CreateParents = true, ModifiedAt = File.GetLastWriteTimeUtc(file.Path) };
        var node = file.Size >= resumable.Above
            ? await UploadResumableAsync(client, file, stream, options, resumable, progress, cancellationToken)
            : await client.Files.UploadAsync(file.Remote, stream, options, progress, cancellationToken);
        progress.Complete();
        return new Transfer(file.Path, node.Path, node.Size, node.Sha256);
    }

    private static async Task<NodeInfo> UploadResumableAsync(
        DepotClient client, LocalFile file, Stream stream, UploadOptions options, Resumable resumable, IProgress<long> progress,
        CancellationToken cancellationToken)
    {
        var key = ResumeStore.Key(resumable.Server, file);
        var resume = new ResumeOptions
        {
            UploadUrl = resumable.Store.Find(key),
            Created = url => resumable.Store.Save(key, url),
            ChunkDone = confirmed =>
            {
                if (confirmed >= resumable.InterruptAfter)
                {
                    throw new CliException(ExitCodes.Interrupted, $"Interrupted by {InterruptHook} after {confirmed} bytes.");
                }
            },
        };
        var node = await client.Files.UploadResumableAsync(file.Remote, stream, options, resume, progress, cancellationToken);
        resumable.Store.Save(key, null);
        return node;
    }
}
