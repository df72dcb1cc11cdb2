using System.Security.Cryptography;

namespace Depot.Core.Storage.Encryption;

/// <summary>
/// The stored form of a plaintext stream, read as it is produced: the header, then each chunk sealed once
/// the next one shows whether it is the last. Hashes the plaintext as it passes (the SHA-256 Depot records is the
/// content's, never the ciphertext's) and stops with <see cref="ContentTooLargeException"/> past
/// the limit of plaintext. Memory: two plaintext chunks and one sealed chunk, whatever the size.
/// </summary>
internal sealed class EncryptingReadStream : Stream
{
    private readonly Stream _plaintext;
    private readonly long _maxBytes;
    private readonly ChunkCipher _cipher;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _current = new byte[ChunkLayout.ChunkSize];
    private byte[] _next = new byte[ChunkLayout.ChunkSize];
    private readonly byte[] _sealed = new byte[ChunkLayout.StoredChunkSize];
    private byte[] _out;
    private int _outStart;
    private int _outEnd;
    private int _currentLength = -1;
    private bool _sourceEnded;
    private bool _finished;
    private long _index;

    public EncryptingReadStream(Stream plaintext, MasterKey key, long maxBytes)
    {
        _plaintext = plaintext;
        _maxBytes = maxBytes;
        var (header, bytes) = BlobHeader.Create(key);
        _cipher = new ChunkCipher(header);
        _out = bytes;
        _outEnd = bytes.Length;
    }

    /// <summary>The plaintext bytes read so far; all of them once the stream ended.</summary>
    public long PlaintextLength { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The lower-case hex SHA-256 of the plaintext; only once the stream was read to its end.</summary>
    public string Sha256() => Convert.ToHexStringLower(_sha256.GetHashAndReset());

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outStart == _outEnd)
        {
            if (_finished)
            {
                return 0;
            }

            await SealNextAsync(cancellationToken);
        }

        var count = Math.Min(buffer.Length, _outEnd - _outStart);
        _out.AsSpan(_outStart, count).CopyTo(buffer.Span);
        _outStart += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The raw stores read asynchronously; a synchronous reader (Stream.CopyTo) is served the same way.
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
            _cipher.Dispose();
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Seals the current chunk into the output, once the next one (or the end) is known.</summary>
    private async Task SealNextAsync(CancellationToken cancellationToken)
    {
        if (_currentLength < 0)
        {
            _currentLength = await FillAsync(_current, cancellationToken);
        }

        var nextLength = _sourceEnded ? 0 : await FillAsync(_next, cancellationToken);
        var last = nextLength == 0;
        _cipher.Seal(_index, last, _current.AsSpan(0, _currentLength), _sealed);
        _out = _sealed;
        _outStart = 0;
        _outEnd = _currentLength + ChunkLayout.TagSize;
        _index++;
        _finished = last;
        (_current, _next) = (_next, _current);
        _currentLength = nextLength;
    }

    /// <summary>Reads a whole chunk of plaintext (less only at the end), hashing and counting it.</summary>
    private async Task<int> FillAsync(byte[] chunk, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < chunk.Length)
        {
            var read = await _plaintext.ReadAsync(chunk.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                _sourceEnded = true;
                break;
            }

            filled += read;
        }

        PlaintextLength += filled;
        if (PlaintextLength > _maxBytes)
        {
            throw new ContentTooLargeException();
        }

        _sha256.AppendData(chunk, 0, filled);
        return filled;
    }
}
