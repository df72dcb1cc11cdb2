namespace Depot.Core.Files;

/// <summary>Stored as <c>nodes.kind</c>: 0 folder, 1 file, 2 mount (a pointer to an item shared with the owner, see <c>mounts</c>).</summary>
public enum NodeKind
{
    Folder = 0,
    File = 1,
    Mount = 2,
}
