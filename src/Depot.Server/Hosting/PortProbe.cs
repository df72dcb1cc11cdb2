using System.Net;
using System.Net.Sockets;

namespace Depot.Server.Hosting;

/// <summary>
/// Binds each address Kestrel will listen on, and lets it go at once, to find a port that is taken before anything is
/// created or migrated (Kestrel itself binds only after every hosted service has started). A port taken between this
/// check and Kestrel's bind still fails cleanly (<see cref="StartupFailure"/>); it just fails later.
/// </summary>
internal static class PortProbe
{
    /// <summary>Why <paramref name="url"/> cannot be listened on, or null when it can (or is not a TCP port we can test).</summary>
    public static string? Problem(string url)
    {
        var binding = BindingAddress.Parse(url);
        if (binding.IsUnixPipe || binding.IsNamedPipe || binding.Port == 0)
        {
            return null;
        }

        foreach (var endpoint in EndpointsOf(binding.Host, binding.Port))
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); // as Kestrel does
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            try
            {
                socket.Bind(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressFamilyNotSupported && endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                return Problem(url.Replace(binding.Host, "0.0.0.0", StringComparison.Ordinal)); // no IPv6 here: Kestrel falls back the same way
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => $"Cannot listen on {url}: port {binding.Port} is already in use by another program (is another depot-server running?). Stop it, or choose another address with --urls.",
                    SocketError.AddressNotAvailable => $"Cannot listen on {url}: {endpoint.Address} is not an address of this machine. Choose another address with --urls.",
                    SocketError.AccessDenied => $"Cannot listen on {url}: this account may not use port {binding.Port} (ports below 1024 need privileges). Choose a port of 1024 or more with --urls, or grant CAP_NET_BIND_SERVICE.",
                    _ => $"Cannot listen on {url}: {e.Message}. Check the addresses given with --urls.",
                };
            }
        }

        return null;
    }

    // Kestrel's reading of a host: localhost is both loopbacks, an address is itself, anything else is every interface.
    private static IEnumerable<IPEndPoint> EndpointsOf(string host, int port)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return Socket.OSSupportsIPv6 ? [new(IPAddress.Loopback, port), new(IPAddress.IPv6Loopback, port)] : [new(IPAddress.Loopback, port)];
        }

        return IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var address)
            ? [new(address, port)]
            : [new(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, port)];
    }
}
