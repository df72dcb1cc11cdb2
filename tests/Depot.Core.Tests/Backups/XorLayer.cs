using System.Runtime.CompilerServices;
using Depot.Core.Storage;

namespace Depot.Core.Tests.Backups;

/// <summary>
/// A stand-in for encryption at rest: a layer whose raw bytes differ from the content (each byte XOR 0x5A), so a test
/// can tell a copy made "as stored" from one made of the content.
/// </summary>
internal sealed class XorLayer : IBlobStoreLayer
{
    public IBlobStore Wrap(IBlobStore raw) => new Store(raw);

    private sealed class Store(IBlobStore raw) : IBlobStore
    {
        public Task<Depot.Core.Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
            raw.WriteAsync(new XorStream(content), maxBytes, cancellationToken);

        public async Task<OpenedBlob?> OpenReadAsync(string id, long offset, long? length, CancellationToken cancellationToken) =>
            await raw.OpenReadAsync(id, offset, length, cancellationToken) is { } opened ? new OpenedBlob(new XorStream(opened.Content), opened.BlobSize) : null;

        public Task DeleteAsync(string id, CancellationToken cancellationToken) => raw.DeleteAsync(id, cancellationToken);

        public Task CheckReadyAsync(CancellationToken cancellationToken) => raw.CheckReadyAsync(cancellationToken);

        public async IAsyncEnumerable<BlobListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var blob in raw.ListAsync(cancellationToken))
            {
                yield return blob;
            }
        }
    }

    private sealed class XorStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Flip(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Flip(buffer.Span[..read]);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private static int Flip(Span<byte> bytes)
        {
            foreach (ref var b in bytes)
            {
                b ^= 0x5A;
            }

            return bytes.Length;
        }
    }
}
