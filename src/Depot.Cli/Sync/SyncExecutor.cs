using System.Net;
using Depot.Client;

namespace Depot.Cli.Sync;

/// <summary>
/// Runs a plan: folders first, then moves (of files and whole folders), then transfers in parallel, then deletions
/// (deepest folders last), each recorded in the state store as soon as it is done. A path the server refuses (a bad name, a full quota...) or a
/// local file in use is reported and skipped; the rest of the pass goes on. Losing the connection or the login ends it.
/// </summary>
internal sealed class SyncExecutor(SyncContext context, SyncSnapshot snapshot)
{
    private readonly SyncTransfers _transfers = new(context, snapshot);
    private readonly SyncDeletions _deletions = new(context, snapshot);

    public async Task RunAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        foreach (var problem in plan.Problems)
        {
            context.Output.Report("error", problem);
        }

        var byKind = plan.Actions.ToLookup(a => a.Kind);
        foreach (var kind in Enum.GetValues<SyncActionKind>())
        {
            if (kind is SyncActionKind.Upload)
            {
                await TransferAsync(byKind, cancellationToken);   // downloads and conflicts too, under the same bars
                continue;
            }

            if (kind is SyncActionKind.Download or SyncActionKind.Conflict)
            {
                continue;
            }

            var actions = kind is SyncActionKind.DeleteRemoteFolder or SyncActionKind.DeleteLocalFolder
                ? byKind[kind].OrderByDescending(a => a.Path, StringComparer.Ordinal)
                : byKind[kind].OrderBy(a => a.Path, StringComparer.Ordinal);
            foreach (var action in actions)
            {
                await RunOneAsync(action, reporter: null, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Uploads, then downloads, then conflicts, each kind in parallel, under the same progress bars as put and get when
    /// stderr is a terminal and the output is not JSON (the action lines are held while the bars are drawn).
    /// </summary>
    private async Task TransferAsync(ILookup<SyncActionKind, SyncAction> byKind, CancellationToken cancellationToken)
    {
        SyncActionKind[] kinds = [SyncActionKind.Upload, SyncActionKind.Download, SyncActionKind.Conflict];
        var total = kinds.SelectMany(k => byKind[k]).Sum(a => a.Kind == SyncActionKind.Upload
            ? snapshot.Local.GetValueOrDefault(a.Path)?.Size ?? 0
            : (snapshot.Remote.GetValueOrDefault(a.Path)?.Size ?? 0) + (a.Kind == SyncActionKind.Conflict ? snapshot.Local.GetValueOrDefault(a.Path)?.Size ?? 0 : 0));
        if (total == 0 || !context.Output.ShowsProgress)
        {
            await RunKindsAsync(kinds, byKind, reporter: null, cancellationToken);
            return;
        }

        using (context.Output.Hold())
        {
            await Transfers.TransferView.ShowAsync(context.Output.Run, total, reporter => RunKindsAsync(kinds, byKind, reporter, cancellationToken));
        }
    }

    private async Task RunKindsAsync(
        SyncActionKind[] kinds, ILookup<SyncActionKind, SyncAction> byKind, Transfers.TransferReporter? reporter, CancellationToken cancellationToken)
    {
        foreach (var kind in kinds)
        {
            await Parallel.ForEachAsync(byKind[kind].OrderBy(a => a.Path, StringComparer.Ordinal),
                new ParallelOptions { MaxDegreeOfParallelism = context.Jobs, CancellationToken = cancellationToken },
                async (action, token) => await RunOneAsync(action, reporter, token));
        }
    }

    private async Task RunOneAsync(SyncAction action, Transfers.TransferReporter? reporter, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await (action.Kind switch
            {
                SyncActionKind.MkdirRemote => MkdirRemoteAsync(action.Path, cancellationToken),
                SyncActionKind.MkdirLocal => Done(() => Directory.CreateDirectory(context.LocalPath(snapshot.LocalPathOf(action.Path)))),
                SyncActionKind.MoveRemote => _transfers.MoveRemoteAsync(action.From!, action.Path, cancellationToken),
                SyncActionKind.MoveLocal => _transfers.MoveLocalAsync(action.From!, action.Path),
                SyncActionKind.Upload => _transfers.UploadAsync(action.Path, reporter, cancellationToken),
                SyncActionKind.Download => _transfers.DownloadAsync(action.Path, snapshot.Remote[action.Path], reporter, cancellationToken),
                SyncActionKind.Conflict => _transfers.ConflictAsync(action.Path, snapshot.Remote[action.Path], reporter, cancellationToken),
                SyncActionKind.DeleteRemote => _deletions.DeleteRemoteAsync(action.Path, cancellationToken),
                SyncActionKind.DeleteLocal => _deletions.DeleteLocalAsync(action.Path),
                SyncActionKind.DeleteRemoteFolder => _deletions.DeleteRemoteFolderAsync(action.Path, cancellationToken),
                SyncActionKind.DeleteLocalFolder => _deletions.DeleteLocalFolderAsync(action.Path),
                SyncActionKind.Record => Done(() => Record(action.Path)),
                _ => Done(() => context.State.Forget(action.Path)),
            });
            if (action.Kind is SyncActionKind.MkdirLocal or SyncActionKind.MkdirRemote)
            {
                context.State.Save(new SyncedEntry(action.Path, true, 0, 0, null, null));
            }

            if (!outcome.Skipped)
            {
                var shown = action.From is null ? action.Path : $"{action.From} -> {action.Path}";
                context.Output.Report(outcome.ConflictCopy is null ? action.Name : "conflict", shown, outcome.ConflictCopy);
            }
        }
        catch (DepotApiException e) when (e.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            && ExitCodes.For(e) is not (ExitCodes.Network or ExitCodes.Throttled))
        {
            context.Output.Report("error", action.Path, $"{e.Code ?? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {e.Message}");
        }
        catch (IOException e)
        {
            context.Output.Report("error", action.Path, e.Message);
        }
        catch (InvalidDataException e)
        {
            // A resumed download that does not match its SHA-256: the part is discarded, the next pass fetches it whole.
            context.Output.Report("error", action.Path, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            context.Output.Report("error", action.Path, e.Message);
        }
    }

    private async Task<SyncOutcome> MkdirRemoteAsync(string path, CancellationToken cancellationToken)
    {
        await context.Client.Files.CreateFolderAsync(context.RemotePath(path), parents: true, cancellationToken);
        return SyncOutcome.Done;
    }

    private void Record(string path)
    {
        var spelling = snapshot.RemoteSpelling(path) ?? path;
        if (snapshot.Local[path] is { IsFolder: false } local)
        {
            context.State.Save(new SyncedEntry(spelling, false, local.Size, local.Mtime, local.Sha256, snapshot.Remote[path].ETag));
        }
        else
        {
            context.State.Save(new SyncedEntry(spelling, true, 0, 0, null, null));
        }
    }

    private static Task<SyncOutcome> Done(Action action)
    {
        action();
        return Task.FromResult(SyncOutcome.Done);
    }
}
