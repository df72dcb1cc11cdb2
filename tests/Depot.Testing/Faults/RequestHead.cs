namespace Depot.Testing.Faults;

/// <summary>The head of one HTTP/1.1 request as it arrived (bytes to forward unchanged) and how its body is framed.</summary>
internal sealed record RequestHead(byte[] Bytes, string Method, long ContentLength, bool Chunked, bool ExpectsContinue)
{
    public static RequestHead Parse(byte[] bytes)
    {
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var lines = text.Split("\r\n");
        var method = lines[0].Split(' ')[0];
        long length = 0;
        bool chunked = false, expects = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // aws-chunked is a Content-Encoding inside a Content-Length body; only HTTP's own chunking changes the framing.
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                expects = value.Equals("100-continue", StringComparison.OrdinalIgnoreCase);
            }
        }

        return new RequestHead(bytes, method, length, chunked, expects);
    }
}
