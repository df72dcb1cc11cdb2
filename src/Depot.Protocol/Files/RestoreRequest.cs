namespace Depot.Protocol.Files;

/// <summary>
/// Body of <c>POST /api/v1/trash/{id}/restore</c>. Without <see cref="To"/> the item returns to its original
/// path (into the root when its old folder no longer exists).
/// </summary>
public sealed record RestoreRequest(string? To = null);
