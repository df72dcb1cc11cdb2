namespace Depot.Protocol.Auth;

/// <summary>One of the caller's app passwords (WebDAV Basic auth for a device), as listed; never the secret.</summary>
public sealed record AppPasswordInfo(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string? CreatedFrom);
