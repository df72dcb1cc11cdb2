namespace Depot.Core.Groups;

/// <summary>A row of <c>user_groups</c> with its member count.</summary>
public sealed record GroupRecord(string Id, string Name, DateTimeOffset CreatedAt, int MemberCount);
