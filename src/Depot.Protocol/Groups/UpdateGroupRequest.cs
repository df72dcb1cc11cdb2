namespace Depot.Protocol.Groups;

/// <summary>Body of <c>PATCH /api/v1/groups/{name}</c>: the new name.</summary>
public sealed record UpdateGroupRequest(string Name);
