using System.Threading.Channels;
using Depot.Cli.Net;

namespace Depot.Cli.Sync;

/// <summary>
/// <c>sync --watch</c>: after the first pass, another pass whenever the local folder changes (file-system events) or
/// the server reports a change under the remote folder (the change feed, long-polled). Events within
/// <see cref="Settle"/> of each other make one pass, so an editor's save (temp file, rename) is synced once.
/// </summary>
internal static class SyncWatcher
{
    // Long enough to gather a save's burst of events, short enough to feel immediate.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(Session session, Func<SyncContext> newContext, CancellationToken cancellationToken)
    {
        var context = newContext();
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var cursor = await context.Client.Changes.GetCursorAsync(cancellationToken);
        await SyncPass.RunAsync(session, context, dryRun: false, cancellationToken);

        using var local = new FileSystemWatcher(context.LocalRoot) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        FileSystemEventHandler changed = (_, e) => Signal(context, wake, LocalScanner.Relative(context.LocalRoot, e.FullPath));
        local.Created += changed;
        local.Changed += changed;
        local.Deleted += changed;
        local.Renamed += (sender, e) => changed(sender, e);
        local.Error += (_, _) => wake.Writer.TryWrite(true);   // overflowed: a pass rescans everything anyway

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var remote = FollowFeedAsync(context, cursor, wake, stop.Token);
        try
        {
            while (await wake.Reader.WaitToReadAsync(cancellationToken))
            {
                await Task.Delay(Settle, context.Time, cancellationToken);
                wake.Reader.TryRead(out _);
                context = newContext();
                await SyncPass.RunAsync(session, context, dryRun: false, cancellationToken);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await remote.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static void Signal(SyncContext context, Channel<bool> wake, string path)
    {
        if (!context.Ignore.IsIgnored(path))
        {
            wake.Writer.TryWrite(true);
        }
    }

    private static async Task FollowFeedAsync(SyncContext context, string cursor, Channel<bool> wake, CancellationToken cancellationToken)
    {
        var root = Client.DepotPath.Normalize(context.RemoteRoot).TrimEnd('/') + "/";
        await foreach (var change in context.Client.Changes.WatchAsync(cursor, cancellationToken: cancellationToken))
        {
            if ((change.Path + "/").StartsWith(root, StringComparison.Ordinal) || (change.OldPath + "/").StartsWith(root, StringComparison.Ordinal))
            {
                wake.Writer.TryWrite(true);
            }
        }
    }
}
