namespace Depot.Protocol.Files;

/// <summary>
/// Body of <c>POST /api/v1/versions/{path}</c>: make version <see cref="VersionId"/> current again by
/// adding a new version with its content (metadata only; history is never rewritten).
/// </summary>
public sealed record RestoreVersionRequest(string VersionId);
