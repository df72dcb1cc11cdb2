using Amazon.S3.Model;

namespace Depot.Core.Storage.S3;

/// <summary>
/// The body of one GET, forward-only; disposing it releases the response (and its connection). A body cut off by the
/// store (a reset, a stall past the timeout) is <see cref="StorageUnavailableException"/>, as a failed GET is: before the
/// server's response has started it answers 503, after it aborts the response, so a client never takes a short body for
/// the whole file. A read never ends early without an exception: the SDK's stream checks the Content-Length.
/// </summary>
internal sealed class S3ReadStream(GetObjectResponse response) : Stream
{
    private readonly Stream _body = response.ResponseStream;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _body.Read(buffer);
        }
        catch (Exception e) when (S3Faults.IsStoreFailure(e, CancellationToken.None))
        {
            throw S3Faults.Unavailable("send an object", e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _body.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (S3Faults.IsStoreFailure(e, cancellationToken))
        {
            throw S3Faults.Unavailable("send an object", e);
        }
    }

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
            _body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
