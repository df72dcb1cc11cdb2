namespace Depot.Core.Storage.Encryption;

/// <summary>
/// Plaintext of a run of chunks read from <paramref name="stored"/> (positioned at chunk <paramref name="firstChunk"/>):
/// opens one chunk at a time, drops <paramref name="skip"/> bytes of the first and stops after <paramref name="count"/>.
/// A chunk that does not authenticate, or a stored stream that ends early, throws <see cref="BlobDamagedException"/>
/// before any byte of that chunk is handed on.
/// </summary>
internal sealed class DecryptingReadStream(
    Stream stored, ChunkCipher cipher, string blobId, long plaintextLength, long firstChunk, int skip, long count) : Stream
{
    private readonly byte[] _sealed = new byte[ChunkLayout.StoredChunkSize];
    private readonly byte[] _plain = new byte[ChunkLayout.ChunkSize];
    private readonly long _chunks = ChunkLayout.ChunkCount(plaintextLength);
    private long _index = firstChunk;
    private int _start;
    private int _end;
    private long _remaining = count;
    private int _skip = skip;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.Length == 0)
        {
            return 0;
        }

        if (_start == _end)
        {
            await OpenNextAsync(cancellationToken);
        }

        var n = (int)Math.Min(Math.Min(buffer.Length, _end - _start), _remaining);
        _plain.AsSpan(_start, n).CopyTo(buffer.Span);
        _start += n;
        _remaining -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Kestrel and the stores read asynchronously; a synchronous reader is served the same way.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            cipher.Dispose();
            stored.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task OpenNextAsync(CancellationToken cancellationToken)
    {
        var size = ChunkLayout.PlaintextSize(_index, plaintextLength);
        var sealedSize = size + ChunkLayout.TagSize;
        var filled = 0;
        int read;
        while (filled < sealedSize && (read = await stored.ReadAsync(_sealed.AsMemory(filled, sealedSize - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        if (filled < sealedSize)
        {
            throw new BlobDamagedException(blobId, BlobDamage.SizeMismatch);
        }

        if (!cipher.TryOpen(_index, _index == _chunks - 1, _sealed.AsSpan(0, sealedSize), _plain))
        {
            throw new BlobDamagedException(blobId, BlobDamage.ContentMismatch);
        }

        _start = _skip;
        _end = size;
        _skip = 0;
        _index++;
    }
}
