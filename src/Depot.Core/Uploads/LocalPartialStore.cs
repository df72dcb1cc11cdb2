using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// Unfinished uploads as files <c>&lt;root&gt;/&lt;upload id&gt;</c> (the data folder's <c>uploads/</c>), on the same
/// file system as the blobs, so a finished upload becomes a blob by a rename, never a copy. SHA-256 is computed at
/// completion by reading the file once: an <see cref="IncrementalHash"/> cannot be persisted between requests (or
/// nodes), and hashing in memory across PATCHes would be wrong after any restart; one sequential read is simple and
/// always correct.
/// </summary>
public sealed class LocalPartialStore(string root, LocalBlobStore blobs, StorageOptions options) : IPartialStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public Task<IPartialWriter> OpenAsync(string uploadId, long offset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathFor(uploadId);
        var created = !File.Exists(path);
        if (created)
        {
            OwnerOnly.CreateFolder(Root);
        }

        var file = new FileStream(path, OwnerOnly.Apply(new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0, // the caller's buffer is already large
            Options = FileOptions.Asynchronous,
        }));
        try
        {
            if (file.Length < offset)
            {
                throw new IOException($"The data of upload {uploadId} has {file.Length} bytes; {offset} were recorded.");
            }

            file.SetLength(offset);
            file.Position = offset;
            if (created)
            {
                file.Flush(flushToDisk: true);
                DirectorySync.Flush(Root);
            }

            return Task.FromResult<IPartialWriter>(new Writer(file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public async Task<StoredBlob?> FinishAsync(string uploadId, long length, CancellationToken cancellationToken)
    {
        var partial = PathFor(uploadId);
        if (length == 0 && !File.Exists(partial) && !File.Exists(blobs.FileFor(uploadId)))
        {
            // An empty upload never had a chunk written, so its (empty) data file does not exist yet.
            await (await OpenAsync(uploadId, 0, cancellationToken)).DisposeAsync();
        }

        // After a crash between the rename and the commit, the data is already where the blob belongs.
        var source = File.Exists(partial) ? partial : blobs.FileFor(uploadId);
        if (!File.Exists(source) || new FileInfo(source).Length != length)
        {
            return null;
        }

        string sha256;
        var buffer = ArrayPool<byte>.Shared.Rent(options.BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, options.BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (source == partial)
        {
            blobs.Adopt(partial, uploadId);
        }

        return new StoredBlob(uploadId, length, sha256);
    }

    public Task DeleteAsync(string uploadId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        File.Delete(PathFor(uploadId));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BlobListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var file in new DirectoryInfo(Root).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsId(file.Name))
            {
                yield return new BlobListing(file.Name, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }

        await Task.CompletedTask;
    }

    private string PathFor(string id) => IsId(id)
        ? Path.Combine(Root, id)
        : throw new ArgumentException($"'{id}' is not an upload id.", nameof(id));

    // Upload ids are blob ids: 32 lower-case hex digits. Checking keeps any other string from becoming a path.
    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private sealed class Writer(FileStream file) : IPartialWriter
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            file.WriteAsync(data, cancellationToken);

        public void Flush() => file.Flush(flushToDisk: true);

        public void Truncate(long length)
        {
            file.SetLength(length);
            file.Position = length;
        }

        public ValueTask DisposeAsync() => file.DisposeAsync();
    }
}
