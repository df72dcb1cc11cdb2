using System.Net.Sockets;

namespace Depot.Testing.Faults;

/// <summary>
/// Reads HTTP/1.1 requests off a client socket one at a time: the head, then the body by its framing (Content-Length or
/// chunked), handed on in pieces, so the proxy knows where each request ends without holding a body in memory.
/// </summary>
internal sealed class RequestReader(Socket socket)
{
    // Request heads of the SDK are about 1–2 KiB; 64 KiB bounds a runaway one.
    private const int MaxHead = 64 * 1024;
    private readonly byte[] _buffer = new byte[MaxHead];
    private int _start;
    private int _end;

    /// <summary>The next request's head, or null when the client closed the connection between requests.</summary>
    public async Task<RequestHead?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = _buffer.AsSpan(_start, end + 4).ToArray();
                _start += end + 4;
                return RequestHead.Parse(head);
            }

            if (!await FillAsync(cancellationToken))
            {
                return _end == _start ? null : throw new IOException("The connection closed in the middle of a request head.");
            }
        }
    }

    /// <summary>Hands the body of <paramref name="head"/> (its framing bytes included) to <paramref name="sink"/>.</summary>
    public async Task CopyBodyAsync(RequestHead head, Func<ReadOnlyMemory<byte>, Task> sink, CancellationToken cancellationToken)
    {
        if (!head.Chunked)
        {
            await CopyAsync(head.ContentLength, sink, cancellationToken);
            return;
        }

        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            await sink(line);
            var text = System.Text.Encoding.ASCII.GetString(line.Span).TrimEnd();
            var size = Convert.ToInt64(text.Split(';')[0], 16);
            if (size == 0)
            {
                // Trailers, then the empty line that ends the body.
                while ((line = await ReadLineAsync(cancellationToken)).Length > 2)
                {
                    await sink(line);
                }

                await sink(line);
                return;
            }

            await CopyAsync(size + 2, sink, cancellationToken);   // the data and its CRLF
        }
    }

    private async Task CopyAsync(long count, Func<ReadOnlyMemory<byte>, Task> sink, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_end == _start && !await FillAsync(cancellationToken))
            {
                throw new IOException("The connection closed in the middle of a request body.");
            }

            var take = (int)Math.Min(count, _end - _start);
            await sink(_buffer.AsMemory(_start, take));
            _start += take;
            count -= take;
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = _buffer.AsMemory(_start, end + 2).ToArray();
                _start += end + 2;
                return line;
            }

            if (!await FillAsync(cancellationToken))
            {
                throw new IOException("The connection closed in the middle of a chunk header.");
            }
        }
    }

    /// <summary>Reads more bytes after what is buffered; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("A request head is longer than the proxy takes.");
        }

        var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += read;
        return read > 0;
    }
}
