using System.Buffers;
using System.IO.Pipelines;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// The response's <see cref="PipeWriter"/> without flushing, as a buffer to encode into (<see cref="IBufferWriter{T}"/>,
/// what the multistatus writer uses) and as a write-only stream (for the rare value an XmlWriter writes): writing is
/// memory copies only, and the caller sends what has gathered with <see cref="FlushAsync(CancellationToken)"/> once
/// <see cref="Pending"/> is large enough.
/// </summary>
internal sealed class PipeBufferStream(PipeWriter pipe) : Stream, IBufferWriter<byte>
{
    /// <summary>Bytes written since the last flush.</summary>
    public long Pending { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        pipe.Write(buffer);
        Pending += buffer.Length;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => pipe.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => pipe.GetSpan(sizeHint);

    public void Advance(int count)
    {
        pipe.Advance(count);
        Pending += count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // The synchronous Flush the XmlWriter calls only hands over its buffer; sending is FlushAsync's.
    public override void Flush()
    {
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        Pending = 0;
        await pipe.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
