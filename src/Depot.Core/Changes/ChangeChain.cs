using Depot.Core.Files;

namespace Depot.Core.Changes;

/// <summary>A node and its ancestors up to its owner's root, node first, as one write transaction saw them.</summary>
internal sealed class ChangeChain(IReadOnlyList<Node> links, IReadOnlySet<string> mounted)
{
    public IReadOnlyList<Node> Links => links;

    /// <summary>The ids of the nodes in the chain that someone has mounted (so the change may reach others too).</summary>
    public IReadOnlySet<string> Mounted => mounted;

    public Node Node => links[0];

    /// <summary>Neither the node nor any folder above it is in the trash.</summary>
    public bool Live => links.All(n => n.TrashedAt is null);

    /// <summary>Every folder above the node is live (the node itself may be in the trash: where it was deleted from).</summary>
    public bool LiveAbove => links.Skip(1).All(n => n.TrashedAt is null);

    /// <summary>The node's path in its owner's tree.</summary>
    public string Path => "/" + string.Join('/', links.Take(links.Count - 1).Reverse().Select(n => n.Name));

    /// <summary>The path from <c>Links[index]</c> down to the node, <c>/a/b</c> (empty when it is the node).</summary>
    public string PathBelow(int index) => string.Concat(links.Take(index).Reverse().Select(n => "/" + n.Name));
}
