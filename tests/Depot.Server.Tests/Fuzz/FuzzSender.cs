using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Depot.Server.Tests.Files;

namespace Depot.Server.Tests.Fuzz;

/// <summary>Sends a <see cref="FuzzRequest"/> and returns the status, 0 when the server answered nothing (every wait bounded).</summary>
internal sealed class FuzzSender(Uri server, HttpClient http, FuzzWorld world)
{
    public async Task<int> SendAsync(FuzzRequest request)
    {
        return request.Raw == RawFraming.None ? await SendHttpAsync(request) : await SendRawAsync(request);
    }

    private async Task<int> SendHttpAsync(FuzzRequest fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), new Uri(server, fuzz.Target));
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
        }

        if (fuzz.ContentType is not null)
        {
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
        }

        foreach (var (name, value) in fuzz.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (Authorization(fuzz.Auth) is { } authorization)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return (int)response.StatusCode;
    }

    private async Task<int> SendRawAsync(FuzzRequest fuzz)
    {
        var body = fuzz.Body ?? Encoding.ASCII.GetBytes("hello");
        var target = fuzz.Raw == RawFraming.OddTarget ? OddTarget(fuzz.Target) : fuzz.Target;
        var head = new StringBuilder($"{fuzz.Method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        if (Authorization(fuzz.Auth) is { } authorization)
        {
            head.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        foreach (var (name, value) in fuzz.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (fuzz.ContentType is not null)
        {
            head.Append("Content-Type: ").Append(fuzz.ContentType).Append("\r\n");
        }

        byte[] payload = fuzz.Raw switch
        {
            RawFraming.BadChunked => Encoding.ASCII.GetBytes("Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
            RawFraming.TruncatedChunked => Encoding.ASCII.GetBytes("Transfer-Encoding: chunked\r\n\r\n10\r\nhel"),
            RawFraming.ShortBody => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length + 100}\r\n\r\n"), .. body],
            _ => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body],
        };

        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            byte[] bytes = [.. Encoding.ASCII.GetBytes(head.ToString()), .. payload];
            await stream.WriteAsync(bytes, timeout.Token);
            if (fuzz.Raw is RawFraming.TruncatedChunked or RawFraming.ShortBody)
            {
                client.Client.Shutdown(SocketShutdown.Send);   // the body ends early: the client is gone
            }
        }
        catch (IOException)
        {
            // The server may close early (it refused the head); what it answered is still readable below.
        }

        var answer = await RawHttp.ReadToEndAsync(stream, timeout.Token);
        return answer.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? RawHttp.StatusOf(answer) : 0;
    }

    private static string OddTarget(string target) => (target.Length % 6) switch
    {
        0 => target + "#fragment",
        1 => target.Replace("/", "//", StringComparison.Ordinal),
        2 => target + "/%2e%2e/%2e%2e/%2e%2e",
        3 => "http://elsewhere.example" + target,
        4 => target + "%",
        _ => target.Replace("a", "%61", StringComparison.Ordinal) + "/./",
    };

    private string? Authorization(FuzzAuth auth) => auth switch
    {
        FuzzAuth.Bearer => "Bearer " + world.User.Token,
        FuzzAuth.Basic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{world.User.Username}:{world.User.Password}")),
        FuzzAuth.BadBearer => "Bearer dpt_" + new string('x', 43),
        FuzzAuth.BadBasic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{world.User.Username}:wrong")),
        _ => null,
    };
}
