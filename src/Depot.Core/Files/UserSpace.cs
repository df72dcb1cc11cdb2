namespace Depot.Core.Files;

/// <summary>The storage fields of a user: the root folder and the quota (null = unlimited).</summary>
public sealed record UserSpace
{
    public string Id { get; init; } = "";
    public string RootId { get; init; } = "";
    public long? QuotaBytes { get; init; }
    public long UsedBytes { get; init; }

    public long Remaining => QuotaBytes is { } quota ? Math.Max(0, quota - UsedBytes) : long.MaxValue;

    public bool Allows(long additionalBytes) => additionalBytes <= Remaining;
}
