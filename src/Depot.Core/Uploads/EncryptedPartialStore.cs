using System.Globalization;
using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;

namespace Depot.Core.Uploads;

/// <summary>
/// Resumable uploads with encryption at rest: each append is sealed as it arrives, as a small encrypted blob of its own
/// (the format of <see cref="EncryptedBlobStore"/>, its own data key, chunks authenticated), named by the offset it
/// starts at, in a folder or key prefix per upload (<see cref="IPartFolders"/>). No plaintext of an unfinished upload is ever at
/// rest. An append first discards every part at or past the recorded offset (left by an append that was never
/// recorded), then writes the new one; a crash mid-write leaves only such a part. Completing checks the parts cover
/// 0..length without a gap, streams their plaintext in order into the blob store under the upload's id (a blob left by a
/// completion cut short is replaced unless it already opens with the upload's length), and deletes the parts.
/// </summary>
public sealed class EncryptedPartialStore(IPartFolders parts, EncryptedBlobStore blobs) : IPartialStore, IDisposable
{
    /// <summary>Where the sealed parts are: key rotation re-wraps them with the blobs (<c>depot-server rotate-key</c>).</summary>
    public IPartFolders Parts => parts;

    public async Task<long> AppendAsync(string uploadId, long offset, Stream part, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var store = new EncryptedBlobStore(parts.For(uploadId), blobs.Keys);
        foreach (var stale in await ListPartsAsync(store, cancellationToken))
        {
            if (stale.Offset >= offset)
            {
                await store.DeleteAsync(stale.Id, cancellationToken);
            }
        }

        var stored = await store.WriteAsAsync(PartId(offset), part, long.MaxValue, cancellationToken);
        if (!stored.IsSuccess)
        {
            throw new IOException($"The part at {offset} of upload {uploadId} could not be stored: {stored.Error.Detail}");
        }

        return offset + stored.Value.Size;
    }

    public async Task<bool> CompleteAsync(string uploadId, long length, CancellationToken cancellationToken)
    {
        if (await IsSealedAsync(uploadId, length, cancellationToken))
        {
            await parts.DeleteAsync(uploadId, cancellationToken);
            return true;
        }

        var store = new EncryptedBlobStore(parts.For(uploadId), blobs.Keys);
        var covering = new List<string>();
        long end = 0;
        foreach (var (id, partOffset) in await ListPartsAsync(store, cancellationToken))
        {
            if (partOffset >= length)
            {
                break;   // never recorded, so never acknowledged: not part of the upload
            }

            if (partOffset != end)
            {
                return false;
            }

            await using var sized = await store.OpenReadAsync(id, 0, 0, cancellationToken);
            covering.Add(id);
            end += sized?.BlobSize ?? 0;
        }

        if (end < length)
        {
            return false;
        }

        // Whatever is under the id now is a completion cut short (a blob of this length was ruled out above): replaced.
        await blobs.DeleteAsync(uploadId, cancellationToken);
        await using (var content = new PartsReadStream(store, covering, length))
        {
            var sealedBlob = await blobs.WriteAsAsync(uploadId, content, length, cancellationToken);
            if (!sealedBlob.IsSuccess || sealedBlob.Value.Size != length)
            {
                await blobs.DeleteAsync(uploadId, cancellationToken);
                return false;
            }
        }

        await parts.DeleteAsync(uploadId, cancellationToken);
        return true;
    }

    public Task DeleteAsync(string uploadId, CancellationToken cancellationToken) => parts.DeleteAsync(uploadId, cancellationToken);

    public IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken) => parts.ListUploadsAsync(cancellationToken);

    /// <summary>Disposes the part folders' client, if they have one (the container disposes this store at shutdown).</summary>
    public void Dispose() => (parts as IDisposable)?.Dispose();

    // Part names are the offset as 32 hex digits: a valid blob id that sorts in offset order.
    private static string PartId(long offset) => offset.ToString("x32", CultureInfo.InvariantCulture);

    private static async Task<List<(string Id, long Offset)>> ListPartsAsync(EncryptedBlobStore store, CancellationToken cancellationToken)
    {
        var found = new List<(string, long)>();
        await foreach (var listing in store.Raw.ListAsync(cancellationToken))
        {
            found.Add((listing.Id, long.Parse(listing.Id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));
        }

        found.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return found;
    }

    private async Task<bool> IsSealedAsync(string uploadId, long length, CancellationToken cancellationToken)
    {
        try
        {
            await using var opened = await blobs.OpenReadAsync(uploadId, 0, 0, cancellationToken);
            return opened?.BlobSize == length && (await blobs.CheckKeyAsync(uploadId, cancellationToken))?.Opens == true;
        }
        catch (BlobDamagedException)
        {
            return false;
        }
    }

    /// <summary>The plaintext of an upload's parts, one after another, opened one at a time and cut at the upload's length.</summary>
    private sealed class PartsReadStream(IBlobStore store, IReadOnlyList<string> partIds, long length) : Stream
    {
        private int _next;
        private long _position;
        private Stream? _current;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_position < length && buffer.Length > 0)
            {
                if (_current is null)
                {
                    if (_next == partIds.Count)
                    {
                        return 0;
                    }

                    var opened = await store.OpenReadAsync(partIds[_next++], 0, null, cancellationToken)
                        ?? throw new IOException("A part of the upload disappeared while it was being completed.");
                    _current = opened.Content;
                }

                var wanted = (int)Math.Min(buffer.Length, length - _position);
                var read = await _current.ReadAsync(buffer[..wanted], cancellationToken);
                if (read > 0)
                {
                    _position += read;
                    return read;
                }

                await _current.DisposeAsync();
                _current = null;
            }

            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            if (_current is not null)
            {
                await _current.DisposeAsync();
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
