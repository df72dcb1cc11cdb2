using System.Net.Sockets;
using System.Text;

namespace Depot.Server.Tests.Files;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient will not send (dot segments, raw escapes) or will not do
/// (stop mid-body, watch for an interim 100 Continue). Every wait is bounded.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Response)> SendAsync(Uri server, string method, string target, string token,
        string extraHeaders = "", byte[]? body = null)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        var head = $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Length: {body?.Length ?? 0}\r\nConnection: close\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        if (body is not null)
        {
            await stream.WriteAsync(body, timeout.Token);
        }

        var response = await ReadToEndAsync(stream, timeout.Token);
        return (StatusOf(response), response);
    }

    public static int StatusOf(string response) => int.Parse(response.Split(' ', 3)[1]);

    public static async Task<string> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException)
        {
            // The server may reset after answering early; what arrived is the answer.
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
