using System.Buffers;
using System.Security.Cryptography;
using Depot.Core.Storage;

namespace Depot.Core.Files;

/// <summary>
/// Passes an upload's body through to the blob store and takes its SHA-1, MD5 and CRC-32C on the way (the store takes
/// the SHA-256), so every byte is read once and nothing is read back. The platform's hashes: a single request needs no
/// savable state (resumable uploads use <see cref="Uploads.ResumableChecksums"/>).
/// </summary>
/// <remarks>
/// Past the first <see cref="PipelineAfter"/> bytes the hashing runs beside the caller instead of in its turn: each
/// read lands in one of two buffers of this stream's own, is copied to the caller, and is hashed on the thread pool
/// while the caller hashes its SHA-256 and writes the chunk, and while the next chunk is received (MD5 on one thread, SHA-1
/// and CRC-32C on another). MD5 and SHA-1 were
/// about half of a large upload's CPU, all on the request's one thread (bench/README.md, "Issue 13: large files").
/// The caller's buffer is never hashed after the read returned, so a caller that changes its buffer (encryption at
/// rest seals in place) cannot change the checksums. Bounded: at most one chunk is hashed while the next is read, in
/// two pooled buffers of at most <see cref="ChunkBytes"/>.
/// </remarks>
#pragma warning disable CA5350, CA5351 // SHA-1 and MD5 are what sync tools compare (oc:checksums), not a security measure
internal sealed class ChecksumReadStream(Stream inner) : Stream
{
    /// <summary>Bodies up to this size are hashed inline, as they arrive: a small upload gains nothing from a second thread.</summary>
    internal const long PipelineAfter = 1024 * 1024;

    /// <summary>The most one read takes into a buffer of this stream's: the blob stores' default read size.</summary>
    internal const int ChunkBytes = 256 * 1024;

    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5350, CA5351
    private readonly byte[]?[] _buffers = new byte[2][];
    private uint _crc32c;
    private long _total;
    private int _next; // the buffer the next pipelined read uses
    private Task _hashing = Task.CompletedTask; // the chunk being hashed, in the other buffer

    /// <summary>The checksums of everything read; call once, after the body was read to its end.</summary>
    public async Task<ContentChecksums> FinishAsync()
    {
        await _hashing;
        return new(Convert.ToHexStringLower(_sha1.GetHashAndReset()), Convert.ToHexStringLower(_md5.GetHashAndReset())) { Crc32c = _crc32c };
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_total < PipelineAfter || buffer.Length == 0)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Hash(buffer.Span[..read]);
            _total += read;
            return read;
        }

        // This buffer's last chunk was hashed before the one now hashing was started (below), so it is free.
        var own = _buffers[_next] ??= ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var count = await inner.ReadAsync(own.AsMemory(0, Math.Min(buffer.Length, ChunkBytes)), cancellationToken);
        own.AsSpan(0, count).CopyTo(buffer.Span);
        _total += count;
        await _hashing; // the hashes take their chunks in order
        if (count > 0)
        {
            // MD5 on a thread of its own, beside SHA-1 and CRC-32C: MD5 is the slowest of the four digests (0.59 GB/s here,
            // SHA-1 1.56), and one after the other the two were the upload's longest chain (bench/README.md, "Issue 13:
            // MD5 beside SHA-1").
            _hashing = Task.WhenAll(
                Task.Run(() => _md5.AppendData(own.AsSpan(0, count)), CancellationToken.None),
                Task.Run(() => HashAllButMd5(own.AsSpan(0, count)), CancellationToken.None));
            _next ^= 1;
        }

        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        // Synchronous reads are rare (Kestrel allows only asynchronous I/O): in order after any chunk still hashing.
        _hashing.GetAwaiter().GetResult();
        var read = inner.Read(buffer, offset, count);
        Hash(buffer.AsSpan(offset, read));
        _total += read;
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
            // A failed or cancelled upload may still have a chunk hashing in one of the buffers: it ends in well under a
            // millisecond, and the buffers and hashes must outlive it. Hashing memory cannot fail.
            _hashing.GetAwaiter().GetResult();
            for (var i = 0; i < _buffers.Length; i++)
            {
                if (_buffers[i] is { } own)
                {
                    _buffers[i] = null;
                    ArrayPool<byte>.Shared.Return(own);
                }
            }

            _sha1.Dispose();
            _md5.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Hash(ReadOnlySpan<byte> bytes)
    {
        _md5.AppendData(bytes);
        HashAllButMd5(bytes);
    }

    private void HashAllButMd5(ReadOnlySpan<byte> bytes)
    {
        _sha1.AppendData(bytes);
        _crc32c = Crc32C.Append(_crc32c, bytes);
    }
}
