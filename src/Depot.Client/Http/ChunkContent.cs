namespace Depot.Client.Http;

/// <summary>Exactly <c>length</c> bytes of a seekable stream from <c>start</c>, streamed (never buffered) with progress.</summary>
internal sealed class ChunkContent(Stream source, long start, long size, IProgress<long>? progress, long reportedStart) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        source.Position = start;
        var sent = await StreamCopier.CopyAsync(source, stream, size, progress, reportedStart, hash: null, cancellationToken);
        if (sent != size)
        {
            throw new IOException($"The upload stream ended after {sent} of {size} bytes of a chunk.");
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return true;
    }
}
