using System.Net;
using System.Net.Http.Headers;

namespace Depot.System.Tests.Crash;

/// <summary>
/// A request body sent in 64 KiB chunks with an optional pause between them, counting what went out, so a
/// kill lands mid-body often and the test can say how far each unanswered upload got. Content-Length is
/// always declared (never chunked), as a real client uploading a file does.
/// </summary>
internal sealed class PacedContent : HttpContent
{
    private const int Chunk = 64 * 1024;
    private byte[] _bytes;
    private readonly TimeSpan _pause;
    private long _sent;

    public PacedContent(byte[] bytes, TimeSpan pause, string? digestHeader)
    {
        _bytes = bytes;
        _pause = pause;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (digestHeader is not null)
        {
            Headers.TryAddWithoutValidation("Content-Digest", digestHeader);
        }
    }

    public long Sent => Interlocked.Read(ref _sent);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < _bytes.Length; offset += Chunk)
        {
            var count = Math.Min(Chunk, _bytes.Length - offset);
            await stream.WriteAsync(_bytes.AsMemory(offset, count), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            Interlocked.Add(ref _sent, count);
            if (_pause > TimeSpan.Zero)
            {
                await Task.Delay(_pause, cancellationToken);
            }
        }
    }

    /// <summary>Lets the bytes go once the request is done; <see cref="Sent"/> stays readable for the round's report.</summary>
    protected override void Dispose(bool disposing)
    {
        _bytes = [];
        base.Dispose(disposing);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
