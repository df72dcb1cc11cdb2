using System.Net.Sockets;

namespace Depot.System.Tests.Crash;

/// <summary>What a client sees when the server it talks to is killed: no answer, in one of several shapes.</summary>
internal static class KilledServer
{
    /// <summary>
    /// True for the ways a request fails because the server went away: a reset or refused connection, a body cut
    /// off, the client's own give-up, or no server address while it is down. <see cref="SocketException"/> is here
    /// because .NET's connection pool lets one escape unwrapped when the peer dies between the connect and its
    /// reading of the remote address ("Transport endpoint is not connected").
    /// </summary>
    public static bool CutOff(Exception e) =>
        e is HttpRequestException or IOException or SocketException or OperationCanceledException or InvalidOperationException;
}
