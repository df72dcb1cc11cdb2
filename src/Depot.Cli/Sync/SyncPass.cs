using Depot.Cli.Net;

namespace Depot.Cli.Sync;

/// <summary>
/// One sync pass: scan both sides, compare each path with the last-synced state, plan, and (unless a dry run) execute.
/// Scanning is a listing per remote folder and a directory walk that hashes only files whose size or time moved.
/// </summary>
internal static class SyncPass
{
    public static async Task RunAsync(Session session, SyncContext context, bool dryRun, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        var requestsBefore = session.Requests;
        var synced = context.State.Load();
        var clashes = new List<string>();
        var local = await LocalScanner.ScanAsync(context.LocalRoot, context.Ignore, synced, clashes, cancellationToken);
        var remote = await RemoteScanner.ScanAsync(context.Client, context.RemoteRoot, context.Ignore, cancellationToken);
        var snapshot = new SyncSnapshot(synced, local, remote, context.RemoteRoot);
        var plan = SyncPlanner.Plan(snapshot, clashes);
        if (dryRun)
        {
            foreach (var problem in plan.Problems)
            {
                context.Output.Report("error", problem);
            }

            foreach (var action in plan.Actions)
            {
                var conflict = action.Kind == SyncActionKind.Conflict;
                context.Output.Report(action.Name, action.From is null ? action.Path : $"{action.From} -> {action.Path}",
                    conflict ? "the server's version keeps the name; the local one becomes a conflict copy" : null);
            }
        }
        else
        {
            await new SyncExecutor(context, snapshot).RunAsync(plan, cancellationToken);
        }

        context.Output.Summary(session.Requests - requestsBefore, context.Time.GetElapsedTime(started));
    }
}
