namespace Depot.Protocol.Changes;

/// <summary>
/// A page of <c>GET /api/v1/changes</c>, oldest first. <see cref="Cursor"/> is where the next request starts (the last
/// change's cursor, or the one asked with when there were none); <see cref="HasMore"/> says whether more are waiting now.
/// </summary>
public sealed record ChangesPage(IReadOnlyList<ChangeInfo> Changes, string Cursor, bool HasMore);
