namespace Depot.Core.Tests.Storage;

/// <summary>
/// A body of <paramref name="data"/> that calls <paramref name="atPart"/> when the upload starts reading each part after
/// the first (a read at a multiple of <paramref name="partSize"/>), so a test can hold or inspect an upload there.
/// </summary>
internal sealed class PartGateStream(byte[] data, int partSize, Func<int, CancellationToken, Task> atPart) : BodyStream
{
    private int _position;
    private int _gatedAt = -1;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position > 0 && _position % partSize == 0 && _gatedAt != _position && _position < data.Length)
        {
            _gatedAt = _position;
            await atPart(_position / partSize + 1, cancellationToken);
        }

        // In loopback-sized pieces, as a request body arrives.
        var count = Math.Min(Math.Min(buffer.Length, 64 * 1024), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
