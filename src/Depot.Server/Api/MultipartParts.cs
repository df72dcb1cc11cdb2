using Microsoft.AspNetCore.WebUtilities;

namespace Depot.Server.Api;

/// <summary>
/// Reading a client's multipart body, where every parse failure is the client's: <see cref="MultipartReader"/> reports
/// a body that ends mid-part as a plain <see cref="IOException"/>, indistinguishable from a disk error further on, so
/// it becomes an <see cref="InvalidDataException"/> here (answered 400 by <see cref="KnownFaultHandler"/>). Kestrel's
/// own verdicts (<see cref="BadHttpRequestException"/>: 400, 408, 413) keep their status.
/// </summary>
internal static class MultipartParts
{
    public static async Task<MultipartSection?> NextAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>A part's body, read only: the same translation for reads that happen while a blob is being written.</summary>
    public sealed class PartStream(Stream part) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await part.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidDataException(e.Message, e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
