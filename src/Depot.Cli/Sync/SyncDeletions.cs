using System.Net;
using Depot.Client;

namespace Depot.Cli.Sync;

/// <summary>
/// Deletions of one pass. Each is applied only if the path is still as scanned: a remote delete carries the ETag
/// (the server's file goes to its trash), a local file is deleted only if its size and time are unchanged, and a
/// folder only if nothing that stays is left in it.
/// </summary>
internal sealed class SyncDeletions(SyncContext context, SyncSnapshot snapshot)
{
    private readonly SyncTransfers _transfers = new(context, snapshot);

    public async Task<SyncOutcome> DeleteRemoteAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await context.Client.Files.DeleteAsync(context.RemotePath(path), snapshot.Remote[path].ETag, cancellationToken);
        }
        catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return SyncOutcome.Later;   // edited on the server meanwhile: the next pass downloads it
        }
        catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }

        context.State.Forget(path);
        return SyncOutcome.Done;
    }

    public Task<SyncOutcome> DeleteLocalAsync(string path)
    {
        if (_transfers.ChangedSinceScan(path))
        {
            return Task.FromResult(SyncOutcome.Later);   // edited meanwhile: the next pass uploads it
        }

        File.Delete(context.LocalPath(snapshot.LocalPathOf(path)));
        context.State.Forget(path);
        return Task.FromResult(SyncOutcome.Done);
    }

    public async Task<SyncOutcome> DeleteRemoteFolderAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(context.LocalPath(snapshot.LocalPathOf(path))))
        {
            return SyncOutcome.Later;   // a download brought something back into it
        }

        try
        {
            await context.Client.Files.DeleteAsync(context.RemotePath(path), cancellationToken: cancellationToken);
        }
        catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }

        context.State.Forget(path);
        return SyncOutcome.Done;
    }

    public Task<SyncOutcome> DeleteLocalFolderAsync(string path)
    {
        var folder = context.LocalPath(snapshot.LocalPathOf(path));
        if (Directory.Exists(folder))
        {
            var keeps = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
                .Any(entry => !context.Ignore.IsIgnored(LocalScanner.Relative(context.LocalRoot, entry)));
            if (keeps)
            {
                return Task.FromResult(SyncOutcome.Later);   // something new was put in it: it stays on both sides
            }

            Directory.Delete(folder, recursive: true);
        }

        context.State.Forget(path);
        return Task.FromResult(SyncOutcome.Done);
    }
}
