namespace Depot.Protocol.Users;

/// <summary>Body of <c>POST /api/v1/users</c> (admins only). A null quota means unlimited.</summary>
public sealed record CreateUserRequest(string Username, string Password, bool IsAdmin = false, long? QuotaBytes = null);
