using System.Buffers;
using System.Security.Cryptography;

namespace Depot.Client.Http;

/// <summary>Copies a body through one pooled buffer, reporting progress and optionally hashing what passes.</summary>
internal static class StreamCopier
{
    // 80 KiB: the size Stream.CopyTo uses, just under the large-object-heap threshold.
    private const int BufferSize = 81920;

    /// <summary>Copies up to <paramref name="maxBytes"/>; progress reports <paramref name="reportedStart"/> plus bytes copied.</summary>
    public static async Task<long> CopyAsync(
        Stream source, Stream destination, long? maxBytes, IProgress<long>? progress, long reportedStart,
        IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long copied = 0;
            while (maxBytes is null || copied < maxBytes)
            {
                var want = maxBytes is { } max ? (int)Math.Min(buffer.Length, max - copied) : buffer.Length;
                var read = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                hash?.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
                progress?.Report(reportedStart + copied);
            }

            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
