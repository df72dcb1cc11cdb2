namespace Depot.Core.Settings;

/// <summary>A setting's value and when an admin last set it.</summary>
public sealed record StoredSetting(string Value, DateTimeOffset UpdatedAt);
