using Depot.Cli.Net;
using Depot.Client;
using Depot.Protocol.Files;

namespace Depot.Cli.Transfers;

/// <summary>
/// Sends one local file for <c>put</c> and <c>sync</c>: files of at least <c>above</c> bytes go by tus with their upload
/// URL kept in the <see cref="ResumeStore"/>, so running the same command again after an interruption resumes the upload
/// where the server stands (a file changed since starts over); smaller ones go in one request.
/// </summary>
internal sealed class ResumableUploader(ResumeStore store, Uri server, long above, long? interruptAfter)
{
    /// <summary>Test hook (docs/cli.md): a resumable upload stops as if interrupted once this many bytes are confirmed.</summary>
    public const string InterruptHook = "DEPOT_TEST_INTERRUPT_AFTER";

    public static ResumableUploader For(Invocation run, Session session, long above) =>
        new(new ResumeStore(Path.GetDirectoryName(run.Config.FilePath)!), session.Server, above,
            long.TryParse(run.Host.GetEnvironmentVariable(InterruptHook), out var stopAfter) ? stopAfter : null);

    public async Task<NodeInfo> UploadAsync(
        DepotClient client, LocalFile file, Stream stream, UploadOptions options, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (file.Size < above)
        {
            return await client.Files.UploadAsync(file.Remote, stream, options, progress, cancellationToken);
        }

        var key = ResumeStore.Key(server, file);
        var resume = new ResumeOptions
        {
            UploadUrl = store.Find(key),
            Created = url => store.Save(key, url),
            ChunkDone = confirmed =>
            {
                if (confirmed >= interruptAfter)
                {
                    throw new CliException(ExitCodes.Interrupted, $"Interrupted by {InterruptHook} after {confirmed} bytes.");
                }
            },
        };
        var node = await client.Files.UploadResumableAsync(file.Remote, stream, options, resume, progress, cancellationToken);
        store.Save(key, null);
        return node;
    }
}
