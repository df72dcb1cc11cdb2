using System.Buffers;
using System.Runtime.CompilerServices;
using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// Unfinished uploads as files <c>&lt;root&gt;/&lt;upload id&gt;</c> (the data folder's <c>uploads/</c>), on the same
/// file system as <see cref="LocalBlobStore"/>'s blobs, so completing an upload is a rename into the blob's place,
/// never a copy. An append cuts the file to the recorded offset, writes, fsyncs, and on any failure cuts it back.
/// </summary>
public sealed class LocalPartialStore(string root, LocalBlobStore blobs, StorageOptions options, TimeProvider clock) : IPartialStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<long> AppendAsync(string uploadId, long offset, Stream part, CancellationToken cancellationToken)
    {
        await using var file = Open(uploadId, offset);
        var buffer = ArrayPool<byte>.Shared.Rent(options.BufferSize);
        try
        {
            int read;
            while ((read = await part.ReadAsync(buffer.AsMemory(0, options.BufferSize), cancellationToken)) > 0)
            {
                // Synchronous writes, as in LocalBlobStore: on Linux an "asynchronous" file write blocks a pool thread anyway.
                file.Write(buffer, 0, read);
            }

            file.Flush(flushToDisk: true);
            return file.Length;
        }
        catch
        {
            // Leave nothing of a failed part. Should this fail too, the next append cuts the file to the recorded offset.
            file.SetLength(offset);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task<bool> CompleteAsync(string uploadId, long length, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var partial = PathFor(uploadId);
        var target = blobs.FileFor(uploadId);
        if (!File.Exists(partial))
        {
            if (File.Exists(target))
            {
                // Completed before (a crash after the rename, before the commit): the data is already the blob.
                return Task.FromResult(new FileInfo(target).Length == length);
            }

            if (length != 0)
            {
                return Task.FromResult(false);
            }

            // An empty upload never had a part appended, so its (empty) file does not exist yet.
            using (Open(uploadId, 0))
            {
            }
        }

        using (var file = new FileStream(partial, FileMode.Open, FileAccess.Write, FileShare.Read))
        {
            if (file.Length < length)
            {
                return Task.FromResult(false);
            }

            if (file.Length > length)
            {
                // Never recorded, so never acknowledged: not part of the upload.
                file.SetLength(length);
                file.Flush(flushToDisk: true);
            }
        }

        MoveIntoBlobs(partial, target);
        return Task.FromResult(true);
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

    /// <summary>Opens the upload's file for writing at <paramref name="offset"/>, cutting off whatever lies past it.</summary>
    private FileStream Open(string uploadId, long offset)
    {
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

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The finished, fsynced file becomes the blob: a rename (same file system), then fsync of both directories. Its
    /// write time becomes now, so orphan collection gives the blob the whole grace period should its commit never come.
    /// </summary>
    private void MoveIntoBlobs(string partial, string target)
    {
        var shard = Path.GetDirectoryName(target)!;
        var newShard = !Directory.Exists(shard);
        OwnerOnly.CreateFolder(shard);
        File.Move(partial, target, overwrite: true);
        File.SetLastWriteTimeUtc(target, clock.GetUtcNow().UtcDateTime);
        DirectorySync.Flush(shard);
        if (newShard)
        {
            DirectorySync.Flush(blobs.Root);
        }

        DirectorySync.Flush(Root);
    }

    private string PathFor(string id) => IsId(id)
        ? Path.Combine(Root, id)
        : throw new ArgumentException($"'{id}' is not an upload id.", nameof(id));

    // Upload ids are blob ids: 32 lower-case hex digits. Checking keeps any other string from becoming a path.
    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
