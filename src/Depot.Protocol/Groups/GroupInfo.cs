namespace Depot.Protocol.Groups;

/// <summary>A group as admins (<c>/api/v1/groups</c>) and its members (<c>/api/v1/me/groups</c>) see it.</summary>
public sealed record GroupInfo(string Name, int MemberCount, DateTimeOffset CreatedAt);
