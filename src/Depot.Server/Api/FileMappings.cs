using Depot.Core.Files;
using Depot.Protocol.Files;

namespace Depot.Server.Api;

/// <summary>Core file types to wire contracts.</summary>
internal static class FileMappings
{
    public static NodeInfo ToInfo(this NodeEntry entry) => new(
        entry.MountId ?? entry.Node.Id, entry.Path.Value, entry.Name, entry.MountId is null ? KindOf(entry.Node) : NodeKinds.Mount,
        entry.Node.Size, entry.CreatedAt, entry.ModifiedAt, entry.Node.ETag, entry.Node.Sha256, entry.Node.ContentType,
        entry.Node.CurrentVersionId, MountKindOf(entry));

    public static NodeInfo ToInfo(this NodeEntry entry, IReadOnlyDictionary<string, ItemDetails> details) =>
        details.TryGetValue(entry.Node.Id, out var d)
            ? entry.ToInfo() with { Details = new NodeDetails(d.FolderSize, d.Shared, d.Linked, d.Locked, d.Favourite) }
            : entry.ToInfo();

    public static VersionInfo ToInfo(this VersionEntry entry) => new(
        entry.Version.Id, entry.Version.Size, entry.Version.Sha256, entry.Version.ETag, entry.CreatedAt, entry.IsCurrent, entry.Author);

    public static TrashItem ToItem(this TrashEntry entry) => new(
        entry.Node.Id, entry.Node.Name, entry.Node.IsFolder ? NodeKinds.Folder : NodeKinds.File, entry.OriginalPath,
        entry.Size, entry.DeletedAt, entry.PurgeAt);

    public static string KindOf(Node node) => node.Kind switch
    {
        NodeKind.Folder => NodeKinds.Folder,
        NodeKind.Mount => NodeKinds.Mount,
        _ => NodeKinds.File,
    };

    // A live mount's entry carries the item it points at (a folder or a file); a dangling one carries the bare mount node.
    private static string? MountKindOf(NodeEntry entry) =>
        entry.MountId is null || entry.Node.Kind == NodeKind.Mount ? null : KindOf(entry.Node);

    /// <summary>Where a node can be fetched: its stat URL, each segment escaped.</summary>
    public static string Location(this NodeEntry entry) =>
        "/api/v1/nodes" + string.Concat(entry.Path.Segments.Select(s => "/" + Uri.EscapeDataString(s)));
}
