using System.Net;
using Depot.Client;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Cli.Sync;

/// <summary>
/// Uploads, downloads, conflicts and moves of one sync pass. Uploads carry the version they replace (<c>If-Match</c>)
/// or <c>If-None-Match: *</c>, so a server change made meanwhile is never overwritten: it becomes a conflict.
/// </summary>
internal sealed class SyncTransfers(SyncContext context, SyncSnapshot snapshot)
{
    // A file rewritten while it is read fails the server's digest check; three tries cover an editor's save.
    private const int Attempts = 3;

    public async Task<SyncOutcome> UploadAsync(string path, CancellationToken cancellationToken)
    {
        var remote = snapshot.Remote.GetValueOrDefault(path);
        try
        {
            await UploadFileAsync(path, remote?.ETag, cancellationToken);
            return SyncOutcome.Done;
        }
        catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // The server's file changed (or appeared) since the scan: keep it, and ours as a conflict copy.
            var now = await context.Client.Files.StatAsync(context.RemotePath(path), cancellationToken);
            return await ConflictAsync(path, now, cancellationToken);
        }
    }

    public async Task<SyncOutcome> ConflictAsync(string path, NodeInfo remote, CancellationToken cancellationToken)
    {
        var copy = KeepLocalAsCopy(path);
        await UploadFileAsync(copy, ifMatch: null, cancellationToken);
        await DownloadAsync(path, remote, cancellationToken);
        return SyncOutcome.Conflict(copy);
    }

    public async Task<SyncOutcome> DownloadAsync(string path, NodeInfo remote, CancellationToken cancellationToken)
    {
        var local = context.LocalPath(path);
        var folder = Path.GetDirectoryName(local)!;
        Directory.CreateDirectory(folder);
        var part = Path.Combine(folder, $".{Path.GetFileName(local)}.{Guid.NewGuid():N}.depot-part");
        try
        {
            DownloadResult result;
            string? sha256;
            await using (var stream = new FileStream(part, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                result = await context.Client.Files.DownloadAsync(context.RemotePath(path), stream, cancellationToken: cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            sha256 = result.ETag == remote.ETag ? remote.Sha256 : await LocalScanner.HashAsync(part, cancellationToken);
            string? copy = null;
            if (File.Exists(local) && ChangedSinceScan(path))
            {
                // Edited locally during this pass: the server's version takes the name, the edit is kept beside it.
                copy = KeepLocalAsCopy(path);
                await UploadFileAsync(copy, ifMatch: null, cancellationToken);
            }

            File.Move(part, local, overwrite: true);
            File.SetLastWriteTimeUtc(local, remote.ModifiedAt.UtcDateTime);
            var info = new FileInfo(local);
            context.State.Save(new SyncedEntry(path, false, info.Length, LocalScanner.Mtime(info), sha256, result.ETag ?? remote.ETag));
            return copy is null ? SyncOutcome.Done : SyncOutcome.Conflict(copy);
        }
        finally
        {
            File.Delete(part);
        }
    }

    public async Task<SyncOutcome> MoveRemoteAsync(string from, string to, CancellationToken cancellationToken)
    {
        NodeInfo node;
        try
        {
            node = await context.Client.Files.MoveAsync(context.RemotePath(from), context.RemotePath(to), cancellationToken: cancellationToken);
        }
        catch (DepotApiException e) when (e.Code == ErrorCodes.ParentNotFound)
        {
            await context.Client.Files.CreateFolderAsync(DepotPath.GetParent(context.RemotePath(to)), parents: true, cancellationToken);
            node = await context.Client.Files.MoveAsync(context.RemotePath(from), context.RemotePath(to), cancellationToken: cancellationToken);
        }

        var local = snapshot.Local[to];
        context.State.Forget(from);
        context.State.Save(new SyncedEntry(to, false, local.Size, local.Mtime, local.Sha256, node.ETag));
        return SyncOutcome.Done;
    }

    public Task<SyncOutcome> MoveLocalAsync(string from, string to)
    {
        if (ChangedSinceScan(from))
        {
            return Task.FromResult(SyncOutcome.Later);
        }

        var target = context.LocalPath(to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(context.LocalPath(from), target, overwrite: false);
        var synced = snapshot.Synced[from];
        context.State.Forget(from);
        context.State.Save(synced with { Path = to, Mtime = LocalScanner.Mtime(new FileInfo(target)), ETag = snapshot.Remote[to].ETag });
        return Task.FromResult(SyncOutcome.Done);
    }

    /// <summary>Whether the local file differs (exists, size, time) from what the scan saw.</summary>
    public bool ChangedSinceScan(string path)
    {
        var info = new FileInfo(context.LocalPath(path));
        var scanned = snapshot.Local.GetValueOrDefault(path);
        return info.Exists != scanned is not null
            || (info.Exists && (info.Length != scanned!.Size || LocalScanner.Mtime(info) != scanned.Mtime));
    }

    private string KeepLocalAsCopy(string path)
    {
        var copy = ConflictNames.For(path, context.Host, context.Time.GetLocalNow(),
            candidate => File.Exists(context.LocalPath(candidate)) || snapshot.Remote.ContainsKey(candidate));
        File.Move(context.LocalPath(path), context.LocalPath(copy));
        return copy;
    }

    /// <summary>Uploads the local file at <paramref name="path"/>, replacing only <paramref name="ifMatch"/> (or nothing when null).</summary>
    private async Task UploadFileAsync(string path, string? ifMatch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var info = new FileInfo(context.LocalPath(path));
            await using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var sha256 = await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken);
            stream.Position = 0;
            var options = new UploadOptions
            {
                Sha256 = sha256, CreateParents = true, ModifiedAt = info.LastWriteTimeUtc,
                IfMatch = ifMatch, IfNoneMatch = ifMatch is null ? "*" : null,
            };
            try
            {
                var node = await context.Client.Files.UploadAsync(context.RemotePath(path), stream, options, cancellationToken: cancellationToken);
                context.State.Save(new SyncedEntry(path, false, node.Size, LocalScanner.Mtime(info), node.Sha256, node.ETag));
                return;
            }
            catch (DepotApiException e) when (e.Code is ErrorCodes.DigestMismatch or ErrorCodes.SizeMismatch && attempt < Attempts)
            {
                // The file changed while it was read: hash and send it again.
            }
        }
    }
}
