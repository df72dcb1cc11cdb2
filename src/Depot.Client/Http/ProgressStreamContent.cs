namespace Depot.Client.Http;

/// <summary>
/// A request body streamed from the caller's <see cref="Stream"/> (never buffered), reporting bytes sent.
/// A seekable stream's remaining length becomes Content-Length; otherwise the body is sent chunked.
/// Does not dispose the stream: it belongs to the caller, and a retry replays it.
/// </summary>
internal sealed class ProgressStreamContent(Stream source, IProgress<long>? progress) : HttpContent
{
    private readonly long? _length = source.CanSeek ? source.Length - source.Position : null;

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        progress?.Report(0);
        var sent = await StreamCopier.CopyAsync(source, stream, _length, progress, 0, hash: null, cancellationToken);
        if (_length is { } expected && sent != expected)
        {
            throw new IOException($"The upload stream ended after {sent} of {expected} bytes.");
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length is not null;
    }
}
