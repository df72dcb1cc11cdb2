namespace Depot.Core.Files;

/// <summary>
/// What <see cref="FileTree.LookupAsync"/> finds: the caller's root (listings describe mounts from it), the entry at
/// the path and, when it is a file reached without crossing a mount, its current version (else null: fetch it).
/// </summary>
internal sealed record PathLookup(Node Root, NodeEntry Entry, FileVersion? Current);
