namespace Depot.Protocol.Auth;

/// <summary>Body of <c>POST /api/v1/me/app-passwords</c>: the device's name, e.g. "Laptop Finder".</summary>
public sealed record CreateAppPasswordRequest(string Name);
