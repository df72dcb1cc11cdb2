namespace Depot.Core.Changes;

/// <summary>One user who sees a node, and the path at which they see it (through their mount, for a share).</summary>
internal readonly record struct ChangeView(string UserId, string Path);
