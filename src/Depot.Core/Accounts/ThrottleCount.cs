namespace Depot.Core.Accounts;

/// <summary>The failures counted against one throttle key within its window, and when the last one happened.</summary>
public sealed record ThrottleCount(string Key, long Failures, DateTimeOffset LastFailure);
