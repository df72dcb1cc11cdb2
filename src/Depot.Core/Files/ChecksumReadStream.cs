using System.Security.Cryptography;
using Depot.Core.Storage;

namespace Depot.Core.Files;

/// <summary>
/// Passes an upload's body through to the blob store and takes its SHA-1, MD5 and CRC-32C on the way (the store takes
/// the SHA-256), so every byte is read once and nothing is read back. The platform's hashes: a single request needs no
/// savable state (resumable uploads use <see cref="Uploads.ResumableChecksums"/>).
/// </summary>
#pragma warning disable CA5350, CA5351 // SHA-1 and MD5 are what sync tools compare (oc:checksums), not a security measure
internal sealed class ChecksumReadStream(Stream inner) : Stream
{
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5350, CA5351
    private uint _crc32c;

    /// <summary>The checksums of everything read; call once, after the body was read to its end.</summary>
    public ContentChecksums Finish() =>
        new(Convert.ToHexStringLower(_sha1.GetHashAndReset()), Convert.ToHexStringLower(_md5.GetHashAndReset())) { Crc32c = _crc32c };

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        _sha1.AppendData(buffer.Span[..read]);
        _md5.AppendData(buffer.Span[..read]);
        _crc32c = Crc32C.Append(_crc32c, buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _sha1.AppendData(buffer, offset, read);
        _md5.AppendData(buffer, offset, read);
        _crc32c = Crc32C.Append(_crc32c, buffer.AsSpan(offset, read));
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha1.Dispose();
            _md5.Dispose();
        }

        base.Dispose(disposing);
    }
}
