namespace Depot.Cli.Sync;

/// <summary>
/// How one action ended: done; skipped because the path changed since the scan (the next pass takes it up); or done
/// with the local version kept as <see cref="ConflictCopy"/>.
/// </summary>
internal sealed record SyncOutcome(bool Skipped, string? ConflictCopy)
{
    public static readonly SyncOutcome Done = new(false, null);

    public static readonly SyncOutcome Later = new(true, null);

    public static SyncOutcome Conflict(string copy) => new(false, copy);
}
