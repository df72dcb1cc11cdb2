namespace Depot.Protocol.Users;

/// <summary>Body of <c>PUT /api/v1/users/{username}/password</c>: an admin's reset. Revokes the user's tokens.</summary>
public sealed record SetPasswordRequest(string Password);
