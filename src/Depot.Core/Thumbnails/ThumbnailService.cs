using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Protocol;

namespace Depot.Core.Thumbnails;

/// <summary>
/// Thumbnails of images, made on first request and cached as blobs in the files' own store (so on S3 and encrypted at
/// rest like the files), keyed by the content's SHA-256 and the size (<see cref="SqlThumbnailStore"/>). Access is the
/// file's: the caller must be able to read the file (owner, share or link visitor), checked by <see cref="FileService"/>.
/// Decoding is bounded: a byte cap on the source, a pixel cap read from the header before decoding, a time cap, and at
/// most <see cref="ThumbnailOptions.MaxConcurrent"/> decodes at once (<see cref="ThumbnailRenderer"/>).
/// </summary>
public sealed class ThumbnailService(FileService files, IBlobStore blobs, SqlThumbnailStore store, ThumbnailOptions options, TimeProvider clock)
    : IDisposable
{
    private readonly SemaphoreSlim _decodes = new(options.MaxConcurrent);

    /// <summary>
    /// The file a thumbnail would be made of, without reading it: its current content's hash gives the ETag, so a client
    /// that has the thumbnail already gets 304 without any decoding or cache lookup.
    /// </summary>
    public async Task<Result<NodeEntry>> FindAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var found = await files.GetAsync(caller, path, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return found.Value.Node.IsFolder || found.Value.Node.Sha256 is null
            ? Result<NodeEntry>.Fail(ErrorCodes.NotAFile, $"'{path}' is a folder.")
            : found.Value;
    }

    /// <summary>The thumbnail of the current content of the file at <paramref name="path"/>, from the cache or rendered now.</summary>
    public async Task<Result<Thumbnail>> GetAsync(Caller caller, DepotPath path, ThumbnailSize size, CancellationToken cancellationToken)
    {
        var download = await files.OpenReadAsync(caller, path, null, cancellationToken);
        if (!download.IsSuccess)
        {
            return download.Error;
        }

        // The content stream opens the blob at its first read only: a cache hit never touches the source.
        var (entry, version, content) = download.Value;
        await using (content)
        {
            if (await OpenCachedAsync(version.Sha256, size, cancellationToken) is { } cached)
            {
                return new Thumbnail(version.Sha256, cached.Content, cached.BlobSize, Cached: true);
            }

            // The type is inferred from the name at upload: anything not image/* is not worth reading at all.
            if (entry.Node.ContentType is not { } type || !type.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                return Result<Thumbnail>.Fail(ErrorCodes.ThumbnailUnavailable, $"'{path}' is not an image.");
            }

            if (version.Size > options.MaxSourceBytes)
            {
                return Result<Thumbnail>.Fail(ErrorCodes.ImageTooLarge,
                    $"'{path}' is {version.Size} bytes, over the thumbnail limit of {options.MaxSourceBytes} bytes.");
            }

            var rendered = await RenderAsync(content, version.Size, size, cancellationToken);
            if (!rendered.IsSuccess)
            {
                return rendered.Error;
            }

            await SaveAsync(version, size, rendered.Value, cancellationToken);
            return new Thumbnail(version.Sha256, new MemoryStream(rendered.Value, writable: false), rendered.Value.Length, Cached: false);
        }
    }

    /// <summary>Maintenance: drops the thumbnails of content no longer stored, and their blobs. Returns how many.</summary>
    public async Task<int> DeleteStaleAsync(CancellationToken cancellationToken)
    {
        const int batch = 200;
        var total = 0;
        while (true)
        {
            var released = await store.DeleteStaleAsync(batch, cancellationToken);
            foreach (var id in released)
            {
                await blobs.DeleteAsync(id, cancellationToken);
            }

            total += released.Count;
            if (released.Count < batch)
            {
                return total;
            }
        }
    }

    private async Task<OpenedBlob?> OpenCachedAsync(string sha256, ThumbnailSize size, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(sha256, size.Key, cancellationToken) is not { } id)
        {
            return null;
        }

        try
        {
            if (await blobs.OpenReadAsync(id, 0, null, cancellationToken) is { } opened)
            {
                return opened;
            }
        }
        catch (BlobDamagedException)
        {
            // A cache entry is disposable: one that cannot be read (damaged, or under a key since retired) is made again.
        }

        // Lost (a restore or a move between stores copies the files' blobs, not the cache): render again.
        await store.ForgetAsync(id, cancellationToken);
        return null;
    }

    private async Task<Result<byte[]>> RenderAsync(Stream content, long length, ThumbnailSize size, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await _decodes.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TooSlow();
        }

        // The slot is released when the decode ends, even one that outlived the time cap: decodes cannot be interrupted,
        // so this keeps their number (and memory) bounded while the request has already answered.
        var decode = DecodeAsync(content, length, size, deadline.Token);
        _ = decode.ContinueWith(_ => ReleaseSlot(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await decode.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TooSlow();
        }
    }

    private async Task<Result<byte[]>> DecodeAsync(Stream content, long length, ThumbnailSize size, CancellationToken cancellationToken)
    {
        // Read whole: the decoders need to seek (WebP reads its container first). Bounded by MaxSourceBytes and the slots.
        var source = new MemoryStream(checked((int)length));
        await content.CopyToAsync(source, cancellationToken);
        source.Position = 0;
        return await Task.Run(() => ThumbnailRenderer.Render(source, size.Box, options.MaxPixels), CancellationToken.None);
    }

    private async Task SaveAsync(FileVersion version, ThumbnailSize size, byte[] thumbnail, CancellationToken cancellationToken)
    {
        var stored = await blobs.WriteAsync(new MemoryStream(thumbnail, writable: false), thumbnail.Length, cancellationToken);
        if (!stored.IsSuccess)
        {
            return;   // not cached this time; the thumbnail is still served
        }

        if (!await store.AddAsync(version.Sha256, size.Key, stored.Value.Id, version.BlobId, thumbnail.Length,
                clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
        {
            await blobs.DeleteAsync(stored.Value.Id, cancellationToken);   // another request cached the same one first
        }
    }

    public void Dispose() => _decodes.Dispose();

    private void ReleaseSlot()
    {
        try
        {
            _decodes.Release();
        }
        catch (ObjectDisposedException)
        {
            // A decode that outlived its request finished while the server shut down: there is no slot left to free.
        }
    }

    private static Result<byte[]> TooSlow() => Result<byte[]>.Fail(ErrorCodes.ThumbnailUnavailable, "Making the thumbnail took too long.");
}
