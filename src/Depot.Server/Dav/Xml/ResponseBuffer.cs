using System.Buffers;
using System.IO.Pipelines;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// The response's <see cref="PipeWriter"/> as a buffer to encode into, without flushing: writing is memory copies only,
/// and the caller sends what has gathered with <see cref="FlushAsync"/> once <see cref="Pending"/> is large enough.
/// It takes a block of the pipe's memory at a time and hands it back filled: Kestrel's writer takes a lock on every
/// GetSpan and Advance, and a multistatus entry is a few dozen small writes.
/// </summary>
internal sealed class ResponseBuffer(PipeWriter pipe) : IBufferWriter<byte>
{
    // Kestrel's memory pool hands out 4 KiB blocks.
    private const int BlockSize = 4096;

    private Memory<byte> _block;
    private int _used;

    /// <summary>Bytes written since the last flush.</summary>
    public long Pending { get; private set; }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_block.Length - _used < Math.Max(sizeHint, 1))
        {
            Commit();
            _block = pipe.GetMemory(Math.Max(sizeHint, BlockSize));
        }

        return _block[_used..];
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _block.Length - _used);
        _used += count;
        Pending += count;
    }

    public async Task FlushAsync()
    {
        Commit();
        Pending = 0;
        await pipe.FlushAsync(CancellationToken.None);
    }

    // Hands what was written in the current block to the pipe; the next write takes a new block.
    private void Commit()
    {
        if (_used > 0)
        {
            pipe.Advance(_used);
        }

        _block = default;
        _used = 0;
    }
}
