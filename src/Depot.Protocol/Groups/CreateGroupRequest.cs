namespace Depot.Protocol.Groups;

/// <summary>Body of <c>POST /api/v1/groups</c>.</summary>
public sealed record CreateGroupRequest(string Name);
