namespace Depot.Server.Dav.Locks;

/// <summary>One condition of an If list: a state token or an entity-tag (as sent, quotes included), maybe negated.</summary>
internal sealed record IfCondition(bool Not, string? Token, string? ETag);
