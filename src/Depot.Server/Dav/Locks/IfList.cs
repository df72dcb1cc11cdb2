namespace Depot.Server.Dav.Locks;

/// <summary>One parenthesised list of an If header; <see cref="Resource"/> is its tag (a URL), null for the request-URI.</summary>
internal sealed record IfList(string? Resource, IReadOnlyList<IfCondition> Conditions);
