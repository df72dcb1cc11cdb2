using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Depot.System.Tests;

/// <summary>
/// A PUT written by hand on a raw socket, so a test can declare one length, send fewer bytes and vanish: things
/// HttpClient will not do. Close it politely (FIN) or abortively (RST).
/// </summary>
internal sealed class RawUpload : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public static async Task<RawUpload> StartAsync(Uri server, string token, string path, long declaredLength)
    {
        var upload = new RawUpload();
        await upload._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        var head = $"PUT {FilesApi.Route("files", path)}?parents=true HTTP/1.1\r\n" +
            $"Host: 127.0.0.1:{server.Port}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: application/octet-stream\r\nContent-Length: {declaredLength}\r\n\r\n";
        await upload._socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None);
        return upload;
    }

    /// <summary>Sends <paramref name="count"/> bytes of deterministic content (the same for every upload).</summary>
    public async Task SendAsync(int count)
    {
        var chunk = Chunk();
        for (var sent = 0; sent < count; sent += chunk.Length)
        {
            await _socket.SendAsync(chunk.AsMemory(0, Math.Min(chunk.Length, count - sent)), SocketFlags.None);
        }
    }

    /// <summary>The content <see cref="SendAsync"/> sends, for comparing with what the server kept.</summary>
    public static byte[] Content(int count)
    {
        var chunk = Chunk();
        var bytes = new byte[count];
        for (var offset = 0; offset < count; offset += chunk.Length)
        {
            chunk.AsSpan(0, Math.Min(chunk.Length, count - offset)).CopyTo(bytes.AsSpan(offset));
        }

        return bytes;
    }

    public void Close(bool reset)
    {
        if (reset)
        {
            _socket.LingerState = new LingerOption(true, 0); // close sends RST, discarding anything unsent
        }
        else
        {
            _socket.Shutdown(SocketShutdown.Both);
        }

        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    private static byte[] Chunk()
    {
        var chunk = new byte[64 * 1024];
        new Random(7).NextBytes(chunk);
        return chunk;
    }
}
