namespace Depot.Core.Files;

/// <summary>
/// The storage fields of a user: the root folder and the quota (null = unlimited). <see cref="ReservedBytes"/> is
/// held by unfinished resumable uploads (Uploads/), so every write's quota check sees them.
/// </summary>
public sealed record UserSpace
{
    public string Id { get; init; } = "";
    public string RootId { get; init; } = "";
    public long? QuotaBytes { get; init; }
    public long UsedBytes { get; init; }

    public long ReservedBytes { get; init; }

    public long Remaining => QuotaBytes is { } quota ? Math.Max(0, quota - UsedBytes - ReservedBytes) : long.MaxValue;

    /// <summary>Whether kept and reserved bytes together fit the quota (a reservation is verified this way after it is made).</summary>
    public bool WithinQuota => QuotaBytes is not { } quota || UsedBytes + ReservedBytes <= quota;

    public bool Allows(long additionalBytes) => additionalBytes <= Remaining;
}
