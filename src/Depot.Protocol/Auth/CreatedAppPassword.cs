namespace Depot.Protocol.Auth;

/// <summary>
/// A new app password: <see cref="Password"/> is the secret, shown only this once. Use it with <see cref="Username"/>
/// as the HTTP Basic credentials of a WebDAV client at <c>/dav/</c>.
/// </summary>
public sealed record CreatedAppPassword(string Username, string Password, AppPasswordInfo Info);
