namespace Depot.Core.Files;

/// <summary>Stored as <c>nodes.kind</c>: 0 folder, 1 file.</summary>
public enum NodeKind
{
    Folder = 0,
    File = 1,
}
