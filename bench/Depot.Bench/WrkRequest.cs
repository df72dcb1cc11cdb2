namespace Depot.Bench;

/// <summary>What wrk asks for: an absolute URL and the <c>Authorization</c> header value, if any.</summary>
internal sealed record WrkRequest(Uri Url, string? Authorization);
