namespace Depot.Cli.Sync;

/// <summary>The last line of a sync pass: how many of each action, errors, time and HTTP requests.</summary>
internal sealed record SyncSummary(
    string Event, int Uploaded, int Downloaded, int Moved, int Deleted, int Conflicts, int Errors, long Requests, double Seconds);
