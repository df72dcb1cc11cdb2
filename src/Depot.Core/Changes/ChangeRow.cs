using Depot.Core.Files;

namespace Depot.Core.Changes;

/// <summary>One row of <c>changes</c> before its <see cref="Seq"/> is handed out.</summary>
internal sealed record ChangeRow(string UserId, string Kind, Node Node, string Path, string? OldPath)
{
    public long Seq { get; set; }
}
