using System.Text;

namespace Depot.Testing.Faults;

/// <summary>The answer S3 gives a client it throttles: 503 with the XML error <c>SlowDown</c>, which SDKs retry with back-off.</summary>
internal static class SlowDownAnswer
{
    private const string Body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" +
        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>fault-proxy</RequestId></Error>";

    /// <param name="close">Whether the proxy closes the connection after it (when the request's body was never read).</param>
    /// <param name="head">A HEAD request gets the same head and no body.</param>
    public static byte[] For(bool head, bool close)
    {
        var text = "HTTP/1.1 503 Slow Down\r\n" +
            "Content-Type: application/xml\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(Body)}\r\n" +
            "x-amz-request-id: fault-proxy\r\n" +
            (close ? "Connection: close\r\n" : "") +
            "\r\n" +
            (head ? "" : Body);
        return Encoding.UTF8.GetBytes(text);
    }
}
