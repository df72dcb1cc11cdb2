using Microsoft.Win32.SafeHandles;

namespace Depot.Core.Storage;

/// <summary>
/// A range of a local blob opened for reading: forward-only like every store's (<see cref="IBlobStore.OpenReadAsync"/>),
/// read-only, and its asynchronous reads complete synchronously. .NET on
/// Linux runs an "asynchronous" file read as a synchronous one on another thread-pool thread, so the async form
/// blocks a thread all the same and adds a hop (a queued work item and a wake-up) per read; for a 4 KiB download
/// that hop was about 7% of the server's CPU in a profile. Reads mostly come from the page cache. Writes made the
/// same choice (<see cref="LocalBlobStore.WriteAsync"/>).
/// </summary>
internal sealed class BlobReadStream(SafeFileHandle handle, long offset, long end) : Stream
{
    private long _position = offset;

    public override bool CanRead => !handle.IsClosed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        // Copying reads on until a read returns 0; the end is known, so that last read needs no system call.
        if (_position >= end)
        {
            return 0;
        }

        var read = RandomAccess.Read(handle, buffer[..(int)Math.Min(buffer.Length, end - _position)], _position);
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
            handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
