namespace Depot.Cli.Sync;

/// <summary>One line of <c>sync --json</c> output: an action done (or planned, with <see cref="DryRun"/>), or an error.</summary>
internal sealed record SyncEvent(string Event, string Path, string? Detail = null, bool? DryRun = null);
