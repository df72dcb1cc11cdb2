using System.Buffers;
using System.Net;

namespace Depot.Bench;

/// <summary>
/// A request body of <c>size</c> pseudo-random bytes, generated chunk by chunk while it is sent:
/// a 1 GiB upload costs one pooled 256 KiB buffer, not 1 GiB of memory. Sent with Content-Length.
/// </summary>
internal sealed class GeneratedContent(long size, ulong seed) : HttpContent
{
    // 256 KiB: large enough that per-write overhead vanishes, small enough to stay in L2.
    private const int ChunkSize = 256 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var random = new PseudoRandom(seed);
            var remaining = size;
            while (remaining > 0)
            {
                var n = (int)Math.Min(ChunkSize, remaining);
                random.Fill(buffer.AsSpan(0, n));
                await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                remaining -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return true;
    }
}
