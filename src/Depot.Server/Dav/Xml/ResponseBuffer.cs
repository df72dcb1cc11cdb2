using System.Buffers;
using System.IO.Pipelines;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// The response's <see cref="PipeWriter"/> as a buffer to encode into, without flushing: writing is memory copies only,
/// and the caller sends what has gathered with <see cref="FlushAsync"/> once <see cref="Pending"/> is large enough.
/// </summary>
internal sealed class ResponseBuffer(PipeWriter pipe) : IBufferWriter<byte>
{
    /// <summary>Bytes written since the last flush.</summary>
    public long Pending { get; private set; }

    public Memory<byte> GetMemory(int sizeHint = 0) => pipe.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => pipe.GetSpan(sizeHint);

    public void Advance(int count)
    {
        pipe.Advance(count);
        Pending += count;
    }

    public async Task FlushAsync()
    {
        Pending = 0;
        await pipe.FlushAsync(CancellationToken.None);
    }
}
