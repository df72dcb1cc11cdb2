using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Depot.Protocol;

namespace Depot.Core.Storage;

/// <summary>
/// Blobs as files under <c>&lt;root&gt;/&lt;last two hex digits of id&gt;/&lt;id&gt;</c> (256 shards keep
/// directories small). A write goes straight to its final name: the id is new and no metadata points at it
/// until the commit, so a crash mid-write leaves only an orphan for garbage collection.
/// </summary>
public sealed class LocalBlobStore(string root, StorageOptions options, TimeProvider clock) : IBlobStore, IBlobWritesWithId
{
    private readonly SharedDirectorySync _directorySync = new();

    public string Root { get; } = Path.GetFullPath(root);

    public Task<Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        WriteAsAsync(Ids.New(clock), content, maxBytes, cancellationToken);

    /// <summary>
    /// Writes a blob under a given id, as <see cref="WriteAsync"/> does under a new one: for copies of blobs as stored
    /// (backup and restore), which keep their ids. The id must not exist yet.
    /// </summary>
    public async Task<Result<StoredBlob>> WriteAsAsync(string id, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            throw new ArgumentException($"'{id}' is not a blob id.", nameof(id));
        }

        var shard = Path.Combine(Root, ShardOf(id));
        var newShard = !Directory.Exists(shard);
        OwnerOnly.CreateFolder(shard);
        var path = PathFor(id);
        var buffer = ArrayPool<byte>.Shared.Rent(options.BufferSize);
        var kept = false;
        var created = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            long started = 0; // the bytes whose disk write was started early (EarlyWriteback): the fsync has less left
            var file = new FileStream(path, OwnerOnly.Apply(new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0, // our buffer is already large; a second copy would only cost
                // Synchronous writes: .NET on Linux runs an "asynchronous" file write as a synchronous one on another
                // thread-pool thread, so the async form blocks a thread all the same and adds a hop per chunk.
                Options = FileOptions.None,
            }));
            created = true; // from here on the file is this write's own, to delete should it fail
            await using (file)
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, options.BufferSize), cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        return Result<StoredBlob>.Fail(ErrorCodes.PayloadTooLarge, $"The content exceeds the limit of {maxBytes} bytes.");
                    }

                    hash.AppendData(buffer, 0, read);
                    file.Write(buffer, 0, read);
                    if (total - started >= EarlyWriteback.Bytes)
                    {
                        EarlyWriteback.Start(file.SafeFileHandle, started, total - started);
                        started = total;
                    }
                }

                var syncing = clock.GetTimestamp();
                file.Flush(flushToDisk: true);
                StorageMetrics.FsyncDuration.Record(clock.GetElapsedTime(syncing).TotalSeconds);
            }

            await _directorySync.FlushAsync(shard);
            if (newShard)
            {
                DirectorySync.Flush(Root);
            }

            kept = true;
            return new StoredBlob(id, total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!kept && created)
            {
                File.Delete(path);
            }
        }
    }

    public Task<OpenedBlob?> OpenReadAsync(string id, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.Delete: garbage collection may unlink a blob while a download still streams it.
            var handle = File.OpenHandle(PathFor(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
            // Blobs never change after their commit, so the size read at open stays true.
            var size = RandomAccess.GetLength(handle);
            var end = length is { } count ? Math.Min(size, offset + count) : size;
            return Task.FromResult<OpenedBlob?>(new OpenedBlob(new BlobReadStream(handle, offset, end), size));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<OpenedBlob?>(null);
        }
    }

    // The data folder's own readiness check (a probe write) covers the blob folder inside it.
    public Task CheckReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // No directory fsync: should the unlink be lost in a crash, the file comes back as an orphan and is collected.
        try
        {
            File.Delete(PathFor(id));
        }
        catch (DirectoryNotFoundException)
        {
            // Its shard was never made: missing, which is no error.
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BlobListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var shard in Directory.EnumerateDirectories(Root))
        {
            foreach (var file in new DirectoryInfo(shard).EnumerateFiles())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsId(file.Name) && ShardOf(file.Name) == Path.GetFileName(shard))
                {
                    yield return new BlobListing(file.Name, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
                }
            }

            await Task.Yield();
        }
    }

    /// <summary>
    /// Overwrites <paramref name="bytes"/> at <paramref name="offset"/> of an existing blob and makes it durable: only
    /// <see cref="Encryption.KeyRotator"/> does, rewriting one key slot of a header (a write within one disk sector).
    /// False when the blob does not exist.
    /// </summary>
    internal bool OverwriteInPlace(string id, long offset, ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var handle = File.OpenHandle(PathFor(id), FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            RandomAccess.Write(handle, bytes, offset);
            RandomAccess.FlushToDisk(handle);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Where blob <paramref name="id"/> lives (or would live): <see cref="Uploads.LocalPartialStore"/> completes an upload by renaming its file there.</summary>
    internal string FileFor(string id) => PathFor(id);

    private string PathFor(string id) => IsId(id)
        ? Path.Combine(Root, ShardOf(id), id)
        : throw new ArgumentException($"'{id}' is not a blob id.", nameof(id));

    // The last two digits, not the first: ids are time-ordered (GUIDv7), so their leading digits change only every
    // few decades and would put every blob in one folder; the trailing digits are random.
    private static string ShardOf(string id) => id[^2..];

    // Ids are 32 lower-case hex digits (Ids.New); checking keeps any other string from becoming a path.
    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
