using System.Buffers;
using System.IO.Pipelines;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// A write-only stream that copies into the response's <see cref="PipeWriter"/> without flushing, so a synchronous
/// <see cref="System.Xml.XmlWriter"/> can write into the response: writing is then memory copies only, and the caller
/// sends what has gathered with <see cref="FlushAsync(CancellationToken)"/> once <see cref="Pending"/> is large enough.
/// </summary>
internal sealed class PipeBufferStream(PipeWriter pipe) : Stream
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
