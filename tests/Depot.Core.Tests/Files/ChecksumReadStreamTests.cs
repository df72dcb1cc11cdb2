using System.Security.Cryptography;
using Depot.Core.Files;
using Depot.Core.Storage;

namespace Depot.Core.Tests.Files;

#pragma warning disable CA5350, CA5351 // the checksums WebDAV clients compare, not a security measure
public sealed class ChecksumReadStreamTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(1_048_576)]
    [InlineData(1_048_577)]
    [InlineData(5_000_011)]
    public async Task Checksums_cover_every_byte_whether_hashed_inline_or_beside_the_reader(int length)
    {
        var content = RandomBytes(length);
        using var hashing = new ChecksumReadStream(new ChunkedStream(content, seed: length));
        var buffer = new byte[300_000]; // larger than the stream's own chunk: it reads at most that much at a time
        var asks = new Random(7); // callers ask for different sizes too
        using var copy = new MemoryStream();
        int read;
        while ((read = await hashing.ReadAsync(buffer.AsMemory(0, 1 + asks.Next(buffer.Length)))) > 0)
        {
            copy.Write(buffer, 0, read);
            // A caller may change its buffer once it has the bytes (encryption at rest seals in place): the checksums
            // must be of what was read, not of what the buffer holds later.
            Array.Fill(buffer, (byte)0xA5, 0, read);
        }

        var checksums = await hashing.FinishAsync();
        Assert.Equal(content, copy.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(content)), checksums.Sha1);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), checksums.Md5);
        Assert.Equal(Crc32C.AppendPortable(0, content), checksums.Crc32c);
    }

    [Fact]
    public async Task A_body_that_fails_midway_leaves_a_stream_that_disposes_cleanly()
    {
        var content = RandomBytes(4_000_000);
        var hashing = new ChecksumReadStream(new ChunkedStream(content, seed: 1, failAfter: 3_000_000));
        var buffer = new byte[256 * 1024];
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (await hashing.ReadAsync(buffer) > 0)
            {
            }
        });
        hashing.Dispose(); // waits for the chunk still hashing before its buffers go back to the pool
        hashing.Dispose();
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Gives reads of uneven sizes, as a socket does, and optionally fails once past a point.</summary>
    private sealed class ChunkedStream(byte[] content, int seed, int failAfter = int.MaxValue) : BodyStream
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (_position >= failAfter)
            {
                throw new IOException("The connection was reset.");
            }

            var count = Math.Min(Math.Min(buffer.Length, content.Length - _position), _random.Next(1, 200_000));
            content.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return count;
        }
    }
}
