namespace Depot.Core.Files.Properties;

/// <summary>Dead properties of nodes, and the node fields a client may set directly. Every call is scoped to the tree's owner.</summary>
public interface IPropertyStore
{
    /// <summary>The dead properties of those of <paramref name="nodeIds"/> that <paramref name="ownerId"/> owns.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<DeadProperty>>> GetAsync(
        string ownerId, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> in order, in one transaction: all or nothing. Refuses (false) when the node
    /// would hold more than <paramref name="maxCount"/> properties.
    /// </summary>
    Task<bool> PatchAsync(string ownerId, string nodeId, IReadOnlyList<PropertyChange> changes, int maxCount, CancellationToken cancellationToken);

    /// <summary>Copies the dead properties of a subtree onto its copy, matching nodes by their path below the two tops.</summary>
    Task CopyTreeAsync(string ownerId, string fromNodeId, string toNodeId, CancellationToken cancellationToken);

    /// <summary>Sets a node's modified time (Unix milliseconds).</summary>
    Task SetModifiedAsync(string ownerId, string nodeId, long modifiedAt, CancellationToken cancellationToken);
}
