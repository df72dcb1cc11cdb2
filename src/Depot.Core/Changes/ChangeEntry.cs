using Depot.Core.Files;

namespace Depot.Core.Changes;

/// <summary>One row of a user's change feed (<c>changes</c>); <see cref="Cursor"/> is its position, encoded for that user.</summary>
public sealed record ChangeEntry(
    string Cursor, string Kind, string Path, string? OldPath, string NodeId, NodeKind NodeKind, long? Size, string? ETag, long At);
