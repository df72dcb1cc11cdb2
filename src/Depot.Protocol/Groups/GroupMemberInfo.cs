namespace Depot.Protocol.Groups;

/// <summary>A member of a group (<c>GET /api/v1/groups/{name}/members</c>).</summary>
public sealed record GroupMemberInfo(string Username, DateTimeOffset AddedAt);
