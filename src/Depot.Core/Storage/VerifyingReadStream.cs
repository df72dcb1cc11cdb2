using System.Security.Cryptography;

namespace Depot.Core.Storage;

/// <summary>
/// Checks a blob's bytes as a whole-file read passes them on against the recorded size and CRC-32C (SHA-256 when the
/// version has no CRC-32C: stored before it was kept) before the last bytes leave: the read that completes the file (or finds it short or long) reports the damage and
/// throws <see cref="BlobDamagedException"/> instead of returning them, so a client never receives a complete body
/// under the original digest. Works over any store's stream (a local file, an S3 response): only reads are used.
/// Forward-only, like the store streams it wraps; a range is not verified, since a part cannot be. Damage the store
/// detects itself is reported by the <see cref="DamageReportingReadStream"/> it reads through (<see cref="BlobHealth"/>).
/// </summary>
internal sealed class VerifyingReadStream(
    Stream inner, string blobId, long expectedSize, string expectedSha256, uint? expectedCrc32c, Func<BlobDamage, Task> onDamaged) : Stream
{
    private readonly IncrementalHash? _sha256 = expectedCrc32c is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    private uint _crc32c;
    private long _read;
    private bool _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (Check(buffer[..read]) is { } damage)
        {
            // Synchronous reads are rare (Kestrel allows only asynchronous I/O); the report is a single UPDATE.
            onDamaged(damage).GetAwaiter().GetResult();
            throw Damaged(damage);
        }

        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (Check(buffer.Span[..read]) is { } damage)
        {
            await onDamaged(damage);
            throw Damaged(damage);
        }

        return read;
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
            _sha256?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Adds the bytes just read; the damage found once the whole file was seen (or could not be), else null.</summary>
    private BlobDamage? Check(ReadOnlySpan<byte> bytes)
    {
        if (_done)
        {
            return null;
        }

        if (_sha256 is null)
        {
            _crc32c = Crc32C.Append(_crc32c, bytes);
        }
        else
        {
            _sha256.AppendData(bytes);
        }

        _read += bytes.Length;
        if (_read > expectedSize || (bytes.Length == 0 && _read < expectedSize))
        {
            _done = true;
            return BlobDamage.SizeMismatch;
        }

        if (_read < expectedSize)
        {
            return null;
        }

        _done = true;
        var intact = _sha256 is null
            ? _crc32c == expectedCrc32c
            : string.Equals(Convert.ToHexStringLower(_sha256.GetHashAndReset()), expectedSha256, StringComparison.OrdinalIgnoreCase);
        return intact ? null : BlobDamage.ContentMismatch;
    }

    private BlobDamagedException Damaged(BlobDamage damage) => new(blobId, damage);
}
