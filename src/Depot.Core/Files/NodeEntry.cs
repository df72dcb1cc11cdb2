namespace Depot.Core.Files;

/// <summary>What the file services return: a node together with its absolute path in the caller's tree.</summary>
public sealed record NodeEntry(Node Node, DepotPath Path)
{
    public string Name => Path.Name;

    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds(Node.CreatedAt);

    public DateTimeOffset ModifiedAt => DateTimeOffset.FromUnixTimeMilliseconds(Node.ModifiedAt);
}
