namespace Depot.Cli.Output;

/// <summary>The <c>--json</c> answer of <c>depot login</c>; the token itself is never printed.</summary>
internal sealed record LoginResult(string Server, string Username, DateTimeOffset ExpiresAt);
