namespace Depot.Protocol.Users;

/// <summary>Body of <c>PUT /api/v1/users/{username}/quota</c>: null means unlimited.</summary>
public sealed record SetQuotaRequest(long? QuotaBytes);
