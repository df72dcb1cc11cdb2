namespace Depot.Core.Files;

/// <summary>
/// One row of <c>nodes</c>: a file or folder. Instants are Unix milliseconds as stored. A trashed subtree is
/// marked on its top node only (<see cref="TrashedAt"/>); its descendants keep their state.
/// </summary>
public sealed record Node
{
    public string Id { get; init; } = "";
    public string OwnerId { get; init; } = "";
    public string? ParentId { get; init; }
    public string Name { get; init; } = "";
    public string NameKey { get; init; } = "";
    public NodeKind Kind { get; init; }
    public string? CurrentVersionId { get; init; }
    public long Size { get; init; }
    public string? Sha256 { get; init; }

    /// <summary>The current version's SHA-1 and MD5 (hex), beside <see cref="Sha256"/>; null when it has none (migration 0014).</summary>
    public string? Sha1 { get; init; }

    public string? Md5 { get; init; }
    public string? ContentType { get; init; }
    public long CreatedAt { get; init; }
    public long ModifiedAt { get; init; }
    public long? TrashedAt { get; init; }
    public string? TrashedPath { get; init; }

    /// <summary>Bumped whenever a folder's children change: the source of a folder's strong ETag.</summary>
    public long Revision { get; init; }

    /// <summary>
    /// Set only on the node a public-link visitor's walks start from (<c>FileTree.OpenAsync</c>): the link's reach, which
    /// every walk from it and every role given below it obeys. Never stored.
    /// </summary>
    public Access.LinkScope? Scope { get; init; }

    public bool IsFolder => Kind == NodeKind.Folder;

    /// <summary>The strong entity-tag as sent in HTTP: the content's SHA-256 for files, id and revision for folders.</summary>
    public string ETag => Kind == NodeKind.File ? $"\"{Sha256}\"" : $"\"{Id}-{Revision}\"";
}
