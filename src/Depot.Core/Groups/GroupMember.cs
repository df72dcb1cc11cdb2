namespace Depot.Core.Groups;

/// <summary>A member of a group: the user and when they were added.</summary>
public sealed record GroupMember(string UserId, string Username, DateTimeOffset AddedAt);
