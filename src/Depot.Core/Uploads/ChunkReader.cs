using System.Security.Cryptography;
using Depot.Protocol;

namespace Depot.Core.Uploads;

/// <summary>
/// Reads one tus chunk (a request body) as a sequence of parts for <see cref="IPartialStore.AppendAsync"/>, hashing
/// each byte once as it passes: into the upload's running SHA-256 and into the chunk's declared checksum. A part ends
/// at its size limit, at the end of the body, at the upload's length, or when the connection breaks (tus: keep what
/// arrived). A part throws <see cref="PartRejectedException"/>, so that the store keeps none of it, when the chunk's
/// checksum does not match, when a chunk with a checksum breaks off or runs past the upload's length (it cannot be
/// verified whole), and when the upload's lock was lost.
/// </summary>
internal sealed class ChunkReader(Stream body, long remaining, ChunkChecksum? checksum, UploadLock held, CancellationToken requestAborted)
{
    private readonly IncrementalHash? _checksum = checksum?.CreateHash();

    /// <summary>Bytes read from the body so far.</summary>
    public long Received { get; private set; }

    /// <summary>The body ended (or broke, or went past the upload's length): no more parts.</summary>
    public bool Ended { get; private set; }

    public bool Broken { get; private set; }

    public bool TooLong { get; private set; }

    /// <summary>
    /// The next part: at most <paramref name="limit"/> bytes, hashed into <paramref name="hash"/> and
    /// <paramref name="checksums"/> (the caller's copies).
    /// </summary>
    public Stream NextPart(long limit, ResumableSha256? hash, ResumableChecksums? checksums) => new Part(this, limit, hash, checksums);

    private async ValueTask<int> ReadAsync(Memory<byte> buffer, long partLeft, ResumableSha256? hash, ResumableChecksums? checksums)
    {
        if (Ended)
        {
            return 0;
        }

        var want = (int)Math.Min(buffer.Length, Math.Min(partLeft, remaining - Received));
        if (want == 0)
        {
            if (Received == remaining)
            {
                // At the upload's length: one more byte means the chunk is too long.
                TooLong = await ReadOrBreakAsync(new byte[1]) > 0;
                End(TooLong ? new DepotError(ErrorCodes.PayloadTooLarge, "The chunk goes past the upload's length; it was discarded.") : null);
            }

            return 0;
        }

        var read = await ReadOrBreakAsync(buffer[..want]);
        if (read == 0)
        {
            End(Broken ? new DepotError(ErrorCodes.InvalidRequest, "The connection broke before the chunk was complete; it was discarded.") : null);
            return 0;
        }

        if (!held.IsHeld)
        {
            throw new PartRejectedException(new DepotError(ErrorCodes.UploadLocked, "The upload's lock was lost while writing; retry."));
        }

        hash?.Append(buffer.Span[..read]);
        checksums?.Append(buffer.Span[..read]);
        _checksum?.AppendData(buffer.Span[..read]);
        Received += read;
        return read;
    }

    private async ValueTask<int> ReadOrBreakAsync(Memory<byte> buffer)
    {
        try
        {
            return await body.ReadAsync(buffer, requestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away (or its body was malformed): what arrived so far is all there is.
            Broken = true;
            return 0;
        }
    }

    /// <summary>The chunk is over: with a checksum, the last part counts only if all of it arrived and matched.</summary>
    private void End(DepotError? unverifiable)
    {
        Ended = true;
        if (_checksum is null)
        {
            return;
        }

        if (unverifiable is not null)
        {
            throw new PartRejectedException(unverifiable);
        }

        if (!_checksum.GetHashAndReset().AsSpan().SequenceEqual(checksum!.Digest))
        {
            throw new PartRejectedException(new DepotError(ErrorCodes.ChecksumMismatch,
                $"The chunk's {checksum.Algorithm} does not match Upload-Checksum; it was discarded."));
        }
    }

    /// <summary>One part: a forward-only stream the partial store reads to its end.</summary>
    private sealed class Part(ChunkReader chunk, long limit, ResumableSha256? hash, ResumableChecksums? checksums) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await chunk.ReadAsync(buffer, limit - _read, hash, checksums);
            _read += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("A part is read asynchronously: it comes from a request body.");

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
