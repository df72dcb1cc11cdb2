namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/auth/token</c>: exchange a password for a session token.</summary>
public sealed record TokenRequest(string Username, string Password);
