using System.Security.Cryptography;
using Dapper;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// Small files kept in the metadata store (<see cref="InlineBlobStore"/>): content up to the limit is written by the
/// upload's own commit and read back from there, content beyond it is a blob file, and a refused upload leaves neither.
/// A contract suite: runs against every metadata backend through one subclass each.
/// </summary>
public abstract class InlineContentTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync()
    {
        _h = await CreateAsync(Backend);
        _h.Storage.InlineMaxBytes = 1000;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Content_up_to_the_limit_is_kept_in_the_metadata_and_one_byte_more_is_a_blob_file(bool declared)
    {
        var alice = await _h.CreateUserAsync();
        var empty = Array.Empty<byte>();
        var small = RandomNumberGenerator.GetBytes(1000);
        var large = RandomNumberGenerator.GetBytes(1001);
        foreach (var (name, content) in new[] { ("empty", empty), ("small", small), ("large", large) })
        {
            // Undeclared: arriving a few bytes at a time, as a chunked body does, so reading ahead must gather it.
            var result = await _h.Files.UploadAsync(alice, P($"/{name}"), new TrickleStream(content, 7),
                new UploadRequest(Length: declared ? content.Length : null), default);
            Assert.True(result.IsSuccess, result.Error?.Detail);
        }

        var blobIds = (await QueryAsync<string>("SELECT blob_id FROM versions ORDER BY size")).ToList();
        Assert.Equal([true, true, false], blobIds.Select(Ids.IsInlineBlob));
        Assert.Equal(2, await _h.CountAsync("SELECT COUNT(*) FROM blob_contents"));
        Assert.Single(Directory.GetFiles(_h.Blobs.Root, "*", SearchOption.AllDirectories));
        Assert.Equal(empty, await _h.ReadAsync(alice, "/empty"));
        Assert.Equal(small, await _h.ReadAsync(alice, "/small"));
        Assert.Equal(large, await _h.ReadAsync(alice, "/large"));
        var node = (await _h.Files.GetAsync(alice, P("/small"), default)).Value.Node;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(small)), node.Sha256);
#pragma warning disable CA5350 // the checksum WebDAV clients compare, not a security measure
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(small)), node.Sha1);
#pragma warning restore CA5350
    }

    [Fact]
    public async Task Ranges_of_inline_content_are_read_as_from_any_store()
    {
        var alice = await _h.CreateUserAsync();
        var content = RandomNumberGenerator.GetBytes(600);
        await _h.UploadAsync(alice, "/r.bin", content);
        var id = await QuerySingleAsync<string>("SELECT blob_id FROM versions");

        foreach (var (offset, length, expected) in new (long, long?, byte[])[]
                 {
                     (0, null, content), (100, 50, content[100..150]), (590, 100, content[590..]), (600, null, []),
                     (5000, 10, []), (10, long.MaxValue, content[10..]), (0, 0, []),
                 })
        {
            await using var opened = await _h.Content.OpenReadAsync(id, offset, length, default);
            Assert.NotNull(opened);
            Assert.Equal(600, opened.BlobSize);
            using var copy = new MemoryStream();
            await opened.Content.CopyToAsync(copy);
            Assert.Equal(expected, copy.ToArray());
        }

        Assert.Null(await _h.Content.OpenReadAsync(Ids.NewInlineBlob(_h.Clock), 0, null, default));
    }

    [Fact]
    public async Task A_refused_small_upload_leaves_no_row_and_no_file()
    {
        var alice = await _h.CreateUserAsync(quota: 500);
        Assert.Equal(ErrorCodes.SizeMismatch, (await _h.UploadAsync(alice, "/a", new byte[11], new UploadRequest(Length: 10))).Error?.Code);
        Assert.Equal(ErrorCodes.SizeMismatch, (await _h.UploadAsync(alice, "/a", new byte[9], new UploadRequest(Length: 10))).Error?.Code);
        Assert.Equal(ErrorCodes.QuotaExceeded, (await _h.UploadAsync(alice, "/a", new byte[501])).Error?.Code);
        Assert.True((await _h.UploadAsync(alice, "/a", new byte[100])).IsSuccess);
        var stale = new UploadRequest(Preconditions: new WritePreconditions(["\"not-its-etag\""], null));
        Assert.Equal(ErrorCodes.PreconditionFailed, (await _h.UploadAsync(alice, "/a", new byte[200], stale)).Error?.Code);

        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM blob_contents"));
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM blobs"));
        Assert.Equal(100, await _h.UsedBytesAsync(alice));
        Assert.Equal(0, Directory.Exists(_h.Blobs.Root) ? Directory.GetFiles(_h.Blobs.Root, "*", SearchOption.AllDirectories).Length : 0);
    }

    [Fact]
    public async Task Inline_content_goes_with_the_last_version_that_uses_it()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/f", "one"u8.ToArray());
        await _h.UploadAsync(alice, "/f", "two"u8.ToArray());
        Assert.True((await _h.Moves.CopyAsync(alice, P("/f"), P("/g"), overwrite: false, default)).IsSuccess);
        Assert.Equal(2, await _h.CountAsync("SELECT COUNT(*) FROM blob_contents"));

        Assert.True((await _h.Files.DeleteAsync(alice, P("/f"), WritePreconditions.None, default)).IsSuccess);
        Assert.True((await _h.TrashBin.EmptyAsync(alice, default)).IsSuccess);
        // "one" went with /f's history; "two" is still the copy's content.
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM blob_contents"));
        Assert.Equal("two"u8.ToArray(), await _h.ReadAsync(alice, "/g"));
    }

    [Fact]
    public async Task With_the_limit_at_zero_every_file_is_a_blob_file()
    {
        _h.Storage.InlineMaxBytes = 0;
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/tiny", "x"u8.ToArray());

        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM blob_contents"));
        Assert.False(Ids.IsInlineBlob(await QuerySingleAsync<string>("SELECT blob_id FROM versions")));
        Assert.Equal("x"u8.ToArray(), await _h.ReadAsync(alice, "/tiny"));
    }

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql)
    {
        await using var connection = await _h.Database.OpenAsync(CancellationToken.None);
        return await connection.QueryAsync<T>(sql);
    }

    private async Task<T> QuerySingleAsync<T>(string sql) => (await QueryAsync<T>(sql)).Single();

    /// <summary>A body that arrives <paramref name="chunk"/> bytes at a time and whose length is not known.</summary>
    private sealed class TrickleStream(byte[] content, int chunk) : BodyStream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), content.Length - _position);
            content.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }
    }
}
