namespace Depot.Protocol.Users;

/// <summary>Body of <c>PUT /api/v1/me/password</c>. Revokes every other token of the caller.</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);
