namespace Depot.Core.Files;

/// <summary>
/// A file version's content as a download sees it: seekable, with the recorded size as its length, so that the
/// framework's Range, If-Range and HEAD handling work on it, yet nothing is opened until the first read, and then the
/// store is opened once, at the position of that read (<see cref="Storage.IBlobStore.OpenReadAsync"/>): one download, one
/// store stream (on S3, one GET). A HEAD, a 304 or a 412 opens nothing. Seeking after the first read is refused: a
/// download reads forward. When the reader announced the range it will read (<see cref="ByteWindow"/>) and the first
/// read starts there, the store is asked for that range only; a reader that goes on past it gets the rest from a second
/// store read, so a wrong hint costs a request, never a byte.
/// </summary>
internal sealed class BlobDownloadStream(
    long size, ByteWindow? expected, Func<long, long?, CancellationToken, Task<Stream>> open) : Stream
{
    private Stream? _content;
    private long _position;
    private bool _bounded; // the open store stream ends where the announced range does, which may be before the file
    public override bool CanRead => true;

    public override bool CanSeek => _content is null;

    public override bool CanWrite => false;

    public override long Length => size;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => size + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position && _content is not null)
        {
            throw new NotSupportedException("A download reads forward once it started.");
        }

        return _position = target;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Kestrel reads asynchronously; a synchronous caller (rare) waits for the opens.
        var content = _content ?? OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        var read = content.Read(buffer);
        if (read == 0 && RanPastWindow(buffer.Length))
        {
            read = ReopenAsync(CancellationToken.None).GetAwaiter().GetResult().Read(buffer);
        }

        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var content = _content ?? await OpenAsync(cancellationToken);
        var read = await content.ReadAsync(buffer, cancellationToken);
        if (read == 0 && RanPastWindow(buffer.Length))
        {
            read = await (await ReopenAsync(cancellationToken)).ReadAsync(buffer, cancellationToken);
        }

        _position += read;
        return read;
    }

    private async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var window = expected?.Resolve(size);
        long? length = window is var (offset, count) && offset == _position && count < size - _position ? count : null;
        _bounded = length is not null;
        return _content = await open(_position, length, cancellationToken);
    }

    private bool RanPastWindow(int asked) => _bounded && asked > 0 && _position < size;

    private async Task<Stream> ReopenAsync(CancellationToken cancellationToken)
    {
        await _content!.DisposeAsync();
        _content = null;
        _bounded = false;
        return _content = await open(_position, null, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _content?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_content is not null)
        {
            await _content.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
