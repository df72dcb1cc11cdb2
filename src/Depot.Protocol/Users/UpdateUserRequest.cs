namespace Depot.Protocol.Users;

/// <summary>Body of <c>PATCH /api/v1/users/{username}</c>: members left null are unchanged.</summary>
public sealed record UpdateUserRequest(bool? Disabled = null, bool? IsAdmin = null);
