using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Depot.Server.Api;

/// <summary>
/// Lets a large download reach the socket in sends of <see cref="FlushBytes"/> instead of one per 64 KiB. The framework's
/// file result copies a stream in 64 KiB writes and flushes each one; on loopback every flush became a send that woke the
/// receiver, and those wake-ups and context switches were 31% of a 1 GiB GET's CPU (bench/README.md, "Issue 13: large
/// files"). Writes go into Kestrel's pipe and are flushed once <see cref="FlushBytes"/> gathered and when the response's
/// Content-Length is reached; an explicit flush still flushes, and a response without a length is passed through. Only the copy's grouping changes: the bytes, their
/// order and the verification of a whole-file read (its last bytes are written only once they were checked) do not.
/// </summary>
internal static class LargeDownloadBody
{
    /// <summary>Files below this are sent as the framework sends them: a few writes, nothing to gain.</summary>
    public const long From = 1024 * 1024;

    /// <summary>512 KiB a send: 8 of the copy's writes; bounds what one download holds unsent beyond Kestrel's own buffer.</summary>
    public const int FlushBytes = 512 * 1024;

    /// <summary>Groups the response's writes for a download of <paramref name="size"/> bytes, when it is large.</summary>
    public static void Apply(HttpContext context, long size)
    {
        if (size >= From && context.Features.Get<IHttpResponseBodyFeature>() is { } server)
        {
            context.Features.Set<IHttpResponseBodyFeature>(new Feature(server, context.Response));
        }
    }

    private sealed class Feature(IHttpResponseBodyFeature inner, HttpResponse response) : IHttpResponseBodyFeature
    {
        private GroupingStream? _stream;

        public Stream Stream => _stream ??= new GroupingStream(inner, response);

        public PipeWriter Writer => inner.Writer;

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task CompleteAsync() => inner.CompleteAsync();
    }

    private sealed class GroupingStream(IHttpResponseBodyFeature inner, HttpResponse response) : Stream
    {
        private long _unflushed;
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // The last write must be flushed here: once its headers went out, Kestrel does not flush what an app left
            // in the pipe at the end of a response (a 5 MiB download hung 123 bytes short in a test). The framework
            // sets the length it will write (the file's, or the range's) before it copies.
            if (response.ContentLength is not { } length)
            {
                await inner.Stream.WriteAsync(buffer, cancellationToken);
                return;
            }

            inner.Writer.Write(buffer.Span);
            _unflushed += buffer.Length;
            _written += buffer.Length;
            // The first write goes out at once, with the headers, as before: the client learns the answer as soon as
            // the store gave its first bytes, and a store failing later aborts a started response (S3OutageTests).
            if (_written == buffer.Length || _unflushed >= FlushBytes || _written >= length)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            _unflushed = 0;
            await inner.Writer.FlushAsync(cancellationToken);
        }

        // Synchronous I/O goes through the server's own stream, which refuses it unless allowed; after what was gathered.
        public override void Write(byte[] buffer, int offset, int count) => inner.Stream.Write(buffer, offset, count);

        public override void Flush() => inner.Stream.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
