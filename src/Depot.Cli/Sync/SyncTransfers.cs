using System.Net;
using Depot.Cli.Transfers;
using Depot.Client;
using Depot.Protocol;
using Depot.Protocol.Files;

namespace Depot.Cli.Sync;

/// <summary>
/// Uploads, downloads, conflicts and moves of one sync pass. Uploads carry the version they replace (<c>If-Match</c>)
/// or <c>If-None-Match: *</c>, so a server change made meanwhile is never overwritten: it becomes a conflict. Downloads
/// go through <c>depot get</c>'s part files, so a large one interrupted resumes on the next pass. Local paths are the
/// local side's own spelling (<see cref="SyncSnapshot.LocalPathOf"/>); a transfer records the spelling of the side it wrote to.
/// </summary>
internal sealed class SyncTransfers(SyncContext context, SyncSnapshot snapshot)
{
    // A file rewritten while it is read fails the server's digest check; three tries cover an editor's save.
    private const int Attempts = 3;

    public async Task<SyncOutcome> UploadAsync(string path, TransferReporter? reporter, CancellationToken cancellationToken)
    {
        var remote = snapshot.Remote.GetValueOrDefault(path);
        try
        {
            await UploadFileAsync(snapshot.LocalPathOf(path), remote?.ETag, reporter, cancellationToken);
            return SyncOutcome.Done;
        }
        catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // The server's file changed (or appeared) since the scan: keep it, and ours as a conflict copy.
            var now = await context.Client.Files.StatAsync(context.RemotePath(path), cancellationToken);
            return await ConflictAsync(path, now, reporter, cancellationToken);
        }
    }

    public async Task<SyncOutcome> ConflictAsync(string path, NodeInfo remote, TransferReporter? reporter, CancellationToken cancellationToken)
    {
        var copy = KeepLocalAsCopy(path);
        await UploadFileAsync(copy, ifMatch: null, reporter, cancellationToken);
        await DownloadAsync(path, remote, reporter, cancellationToken);
        return SyncOutcome.Conflict(copy);
    }

    public async Task<SyncOutcome> DownloadAsync(string path, NodeInfo remote, TransferReporter? reporter, CancellationToken cancellationToken)
    {
        var relative = snapshot.LocalPathOf(path);
        var local = context.LocalPath(relative);
        var progress = reporter?.Begin(relative, remote.Size);
        var (part, result) = await Downloads.FetchAsync(context.Client, RemoteFile.Current(remote, local), progress, cancellationToken);
        var sha256 = result.ETag == remote.ETag ? remote.Sha256 : await LocalScanner.HashAsync(part, cancellationToken);
        string? copy = null;
        if (File.Exists(local) && ChangedSinceScan(path))
        {
            // Edited locally during this pass: the server's version takes the name, the edit is kept beside it.
            copy = KeepLocalAsCopy(path);
            await UploadFileAsync(copy, ifMatch: null, reporter: null, cancellationToken);
        }

        File.Move(part, local, overwrite: true);
        File.SetLastWriteTimeUtc(local, remote.ModifiedAt.UtcDateTime);
        progress?.Complete();
        var info = new FileInfo(local);
        context.State.Save(new SyncedEntry(relative, false, info.Length, LocalScanner.Mtime(info), sha256, result.ETag ?? remote.ETag));
        return copy is null ? SyncOutcome.Done : SyncOutcome.Conflict(copy);
    }

    /// <summary>Moves (or renames, case only included) a file or a whole folder on the server: one request.</summary>
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

        var moved = RemoteScanner.Relative(context.RemoteRoot, node.Path);
        var local = snapshot.Local[to];
        if (local.IsFolder)
        {
            context.State.MoveFolder(from, moved);
            return SyncOutcome.Done;
        }

        context.State.Forget(from);
        context.State.Save(new SyncedEntry(moved, false, local.Size, local.Mtime, local.Sha256, node.ETag));
        return SyncOutcome.Done;
    }

    /// <summary>
    /// Moves (or renames) a local file or folder to where the server has it. A folder moves only if nothing recorded in
    /// it changed since the scan (else the next pass compares its files one by one, and an edit there wins).
    /// </summary>
    public Task<SyncOutcome> MoveLocalAsync(string from, string to)
    {
        var synced = snapshot.Synced[from];
        var inside = synced.IsFolder ? snapshot.Synced.Values.Where(b => !b.IsFolder && SyncNames.IsUnder(b.Path, from)).Select(b => b.Path) : [from];
        if (inside.Any(ChangedSinceScan))
        {
            return Task.FromResult(SyncOutcome.Later);
        }

        var source = context.LocalPath(snapshot.LocalPathOf(from));
        var relative = snapshot.LocalTargetOf(to);
        var target = context.LocalPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        LocalMove.Run(source, target, synced.IsFolder);
        if (synced.IsFolder)
        {
            context.State.MoveFolder(from, relative);
            return Task.FromResult(SyncOutcome.Done);
        }

        context.State.Forget(from);
        context.State.Save(synced with { Path = relative, Mtime = LocalScanner.Mtime(new FileInfo(target)), ETag = snapshot.Remote[to].ETag });
        return Task.FromResult(SyncOutcome.Done);
    }

    /// <summary>Whether the local file differs (exists, size, time) from what the scan saw.</summary>
    public bool ChangedSinceScan(string path)
    {
        var info = new FileInfo(context.LocalPath(snapshot.LocalPathOf(path)));
        var scanned = snapshot.Local.GetValueOrDefault(path);
        return info.Exists != scanned is not null
            || (info.Exists && (info.Length != scanned!.Size || LocalScanner.Mtime(info) != scanned.Mtime));
    }

    private string KeepLocalAsCopy(string path)
    {
        var local = snapshot.LocalPathOf(path);
        var copy = ConflictNames.For(local, context.Host, context.Time.GetLocalNow(),
            candidate => File.Exists(context.LocalPath(candidate)) || snapshot.Remote.ContainsKey(candidate));
        File.Move(context.LocalPath(local), context.LocalPath(copy));
        return copy;
    }

    /// <summary>
    /// Uploads the local file at <paramref name="local"/> (its local spelling), replacing only <paramref name="ifMatch"/>
    /// (or nothing when null), and records it under the server's spelling of the name.
    /// </summary>
    private async Task UploadFileAsync(string local, string? ifMatch, TransferReporter? reporter, CancellationToken cancellationToken)
    {
        var progress = reporter?.Begin(local, new FileInfo(context.LocalPath(local)).Length);
        for (var attempt = 1; ; attempt++)
        {
            var info = new FileInfo(context.LocalPath(local));
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
                var file = new LocalFile(info.FullName, context.RemotePath(local), info.Length);
                var node = await context.Uploader.UploadAsync(context.Client, file, stream, options, progress, cancellationToken);
                progress?.Complete();
                var recorded = RemoteScanner.Relative(context.RemoteRoot, node.Path);
                context.State.Save(new SyncedEntry(recorded, false, node.Size, LocalScanner.Mtime(info), node.Sha256, node.ETag));
                return;
            }
            catch (DepotApiException e) when (e.Code is ErrorCodes.DigestMismatch or ErrorCodes.SizeMismatch && attempt < Attempts)
            {
                // The file changed while it was read: hash and send it again (the bar starts over).
                progress?.Report(0);
            }
        }
    }
}
