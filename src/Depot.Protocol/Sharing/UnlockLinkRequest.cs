namespace Depot.Protocol.Sharing;

/// <summary>
/// Body of <c>POST /api/v1/links/unlock</c>: a browser trades a link's password for a cookie scoped to <c>/s/{token}</c>,
/// since a plain download navigation cannot carry the password header.
/// </summary>
public sealed record UnlockLinkRequest(string Token, string Password);
