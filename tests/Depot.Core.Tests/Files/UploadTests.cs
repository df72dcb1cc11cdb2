using System.Security.Cryptography;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>A contract suite: runs against every metadata backend through one subclass each.</summary>
public abstract class UploadTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_blob_damaged_on_disk_is_refused_not_served_short()
    {
        _h.Storage.InlineMaxBytes = 0;   // a file in the blob folder, to damage
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/d.bin", new byte[10_000]);
        var file = Directory.GetFiles(_h.Blobs.Root, "*", SearchOption.AllDirectories).Single();
        await using (var truncate = File.OpenWrite(file))
        {
            truncate.SetLength(4_000);
        }

        // The store is opened at the first read (one store stream per download): that read fails before a byte...
        var read = await _h.Files.OpenReadAsync(alice, P("/d.bin"), null, default);
        await using (var content = read.Value.Content)
        {
            var damaged = await Assert.ThrowsAsync<BlobDamagedException>(() => content.ReadAsync(new byte[100]).AsTask());
            Assert.Equal(BlobDamage.SizeMismatch, damaged.Damage);
        }

        // ...and marks the blob, so the next open is refused outright.
        Assert.Equal(ErrorCodes.StorageDamaged, (await _h.Files.OpenReadAsync(alice, P("/d.bin"), null, default)).Error?.Code);
    }

    [Fact]
    public async Task Upload_creates_then_replace_adds_a_version()
    {
        var alice = await _h.CreateUserAsync();
        var first = await _h.UploadAsync(alice, "/docs/a.txt", "one"u8.ToArray());
        var second = await _h.UploadAsync(alice, "/docs/a.txt", "second"u8.ToArray());

        Assert.True(first.Value.Created);
        Assert.False(second.Value.Created);
        Assert.Equal(first.Value.Entry.Node.Id, second.Value.Entry.Node.Id);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData("second"u8))}\"", second.Value.Entry.Node.ETag);
        Assert.Equal("second"u8.ToArray(), await _h.ReadAsync(alice, "/docs/a.txt"));
        var versions = (await _h.History.ListAsync(alice, P("/docs/a.txt"), default)).Value;
        Assert.Equal(2, versions.Count);
        Assert.True(versions[0].IsCurrent);
        Assert.Equal("one"u8.ToArray(), await _h.ReadAsync(alice, "/docs/a.txt", versions[1].Version.Id));
        Assert.Equal(9, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task Names_match_case_insensitively_and_keep_their_first_case()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/Report.TXT", [1]);
        var replaced = await _h.UploadAsync(alice, "/report.txt", [2]);
        Assert.False(replaced.Value.Created);
        Assert.Equal("/Report.TXT", replaced.Value.Entry.Path.Value);
        Assert.Equal([2], await _h.ReadAsync(alice, "/REPORT.txt"));
    }

    [Fact]
    public async Task Digest_mismatch_stores_nothing()
    {
        var alice = await _h.CreateUserAsync();
        var wrong = Convert.ToHexStringLower(SHA256.HashData("other"u8));
        var result = await _h.UploadAsync(alice, "/a.txt", "data"u8.ToArray(), new UploadRequest(Sha256: wrong));

        Assert.Equal(ErrorCodes.DigestMismatch, result.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/a.txt"), default)).Error?.Code);
        Assert.Equal(0, await _h.StoredContentCountAsync());
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM blobs"));
        Assert.Equal(0, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task A_large_body_with_a_wrong_digest_stores_nothing_and_a_right_one_records_every_checksum()
    {
        // Past the first MiB the SHA-1, MD5 and CRC-32C are taken beside the store's writing (ChecksumReadStream).
        var alice = await _h.CreateUserAsync();
        var content = new byte[3_000_017];
        new Random(13).NextBytes(content);
        var wrong = Convert.ToHexStringLower(SHA256.HashData("other"u8));
        var refused = await _h.UploadAsync(alice, "/big.bin", content, new UploadRequest(Sha256: wrong));
        Assert.Equal(ErrorCodes.DigestMismatch, refused.Error?.Code);
        Assert.Equal(0, await _h.StoredContentCountAsync());
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM blobs"));

        var right = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.True((await _h.UploadAsync(alice, "/big.bin", content, new UploadRequest(Sha256: right))).IsSuccess);
        var node = (await _h.Files.GetAsync(alice, P("/big.bin"), default)).Value.Node;
#pragma warning disable CA5350, CA5351 // the checksums WebDAV clients compare, not a security measure
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(content)), node.Sha1);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), node.Md5);
#pragma warning restore CA5350, CA5351
        var crc = await _h.CountAsync("SELECT crc32c FROM versions");
        Assert.Equal(Crc32C.AppendPortable(0, content), (uint)crc);
        Assert.Equal(content, await _h.ReadAsync(alice, "/big.bin")); // whole-file reads verify that CRC-32C
    }

    [Fact]
    public async Task A_large_body_cut_off_midway_leaves_nothing()
    {
        var alice = await _h.CreateUserAsync();
        var body = new FailingStream(new byte[4_000_000], failAfter: 2_500_000);
        await Assert.ThrowsAsync<IOException>(() =>
            _h.Files.UploadAsync(alice, P("/cut.bin"), body, new UploadRequest(Length: 4_000_000), default));
        Assert.Equal(0, await _h.StoredContentCountAsync());
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM blobs"));
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/cut.bin"), default)).Error?.Code);
        Assert.Equal(0, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task Matching_digest_is_accepted()
    {
        var alice = await _h.CreateUserAsync();
        var right = Convert.ToHexStringLower(SHA256.HashData("data"u8));
        Assert.True((await _h.UploadAsync(alice, "/a.txt", "data"u8.ToArray(), new UploadRequest(Sha256: right))).IsSuccess);
    }

    [Fact]
    public async Task Declared_length_over_quota_is_refused_before_the_body_is_read()
    {
        // Above the size up to which a body is read rather than prechecked (64 KiB).
        var alice = await _h.CreateUserAsync(quota: 100_000);
        var body = new UnreadableStream();
        var result = await _h.Files.UploadAsync(alice, P("/big.bin"), body, new UploadRequest(Length: 100_001), default);
        Assert.Equal(ErrorCodes.QuotaExceeded, result.Error?.Code);
        Assert.False(body.WasRead);
        var withParents = await _h.Files.UploadAsync(alice, P("/new/dir/big.bin"), body, new UploadRequest(Length: 100_001, CreateParents: true), default);
        Assert.Equal(ErrorCodes.QuotaExceeded, withParents.Error?.Code);
        Assert.False(body.WasRead);
        Assert.Equal(0, await _h.StoredContentCountAsync());
    }

    [Fact]
    public async Task A_small_declared_body_is_read_then_refused_by_the_commit_and_leaves_nothing()
    {
        var alice = await _h.CreateUserAsync(quota: 100);
        var result = await _h.Files.UploadAsync(alice, P("/big.bin"), new MemoryStream(new byte[101]), new UploadRequest(Length: 101), default);
        Assert.Equal(ErrorCodes.QuotaExceeded, result.Error?.Code);
        var missingParent = await _h.Files.UploadAsync(alice, P("/no/such/small.bin"), new MemoryStream(new byte[10]), new UploadRequest(Length: 10), default);
        Assert.Equal(ErrorCodes.ParentNotFound, missingParent.Error?.Code);
        Assert.Equal(0, await _h.StoredContentCountAsync());
        Assert.Equal(0, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task Undeclared_length_over_quota_is_refused_while_streaming_and_leaves_nothing()
    {
        var alice = await _h.CreateUserAsync(quota: 100_000);
        await _h.UploadAsync(alice, "/small.bin", new byte[60_000]);
        var result = await _h.UploadAsync(alice, "/big.bin", new byte[50_000]);
        Assert.Equal(ErrorCodes.QuotaExceeded, result.Error?.Code);
        Assert.Equal(1, await _h.StoredContentCountAsync());
        Assert.Equal(60_000, await _h.UsedBytesAsync(alice));
        Assert.True((await _h.UploadAsync(alice, "/fits.bin", new byte[40_000])).IsSuccess);
    }

    [Fact]
    public async Task Short_or_long_body_against_declared_length_is_a_size_mismatch()
    {
        var alice = await _h.CreateUserAsync();
        Assert.Equal(ErrorCodes.SizeMismatch, (await _h.UploadAsync(alice, "/a", new byte[10], new UploadRequest(Length: 11))).Error?.Code);
        Assert.Equal(ErrorCodes.SizeMismatch, (await _h.UploadAsync(alice, "/a", new byte[10], new UploadRequest(Length: 9))).Error?.Code);
        Assert.Equal(0, await _h.StoredContentCountAsync());
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_if_match_exactly_one_wins()
    {
        var alice = await _h.CreateUserAsync();
        var etag = (await _h.UploadAsync(alice, "/shared.txt", "v1"u8.ToArray())).Value.Entry.Node.ETag;
        var condition = new WritePreconditions([etag], null);
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            _h.UploadAsync(alice, "/shared.txt", RandomNumberGenerator.GetBytes(256 * 1024 + i), new UploadRequest(Preconditions: condition))));
        var results = await Task.WhenAll(writers);

        var winners = results.Where(r => r.IsSuccess).ToList();
        Assert.Single(winners);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.PreconditionFailed, r.Error?.Code));
        var content = await _h.ReadAsync(alice, "/shared.txt");
        Assert.Equal(winners[0].Value.Entry.Node.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
        Assert.Equal(2, await _h.StoredContentCountAsync());   // the losers' blobs are gone
    }

    [Fact]
    public async Task If_none_match_star_only_creates()
    {
        var alice = await _h.CreateUserAsync();
        var createOnly = new UploadRequest(Preconditions: new WritePreconditions(null, ["*"]));
        Assert.True((await _h.UploadAsync(alice, "/a", [1], createOnly)).IsSuccess);
        Assert.Equal(ErrorCodes.PreconditionFailed, (await _h.UploadAsync(alice, "/a", [2], createOnly)).Error?.Code);
        Assert.Equal([1], await _h.ReadAsync(alice, "/a"));
    }

    [Fact]
    public async Task Missing_parent_without_parents_flag_and_file_in_the_way_are_refused()
    {
        var alice = await _h.CreateUserAsync();
        Assert.Equal(ErrorCodes.ParentNotFound, (await _h.UploadAsync(alice, "/no/a", [1], new UploadRequest())).Error?.Code);
        await _h.UploadAsync(alice, "/file", [1]);
        Assert.Equal(ErrorCodes.NotAFolder, (await _h.UploadAsync(alice, "/file/a", [1])).Error?.Code);
        await _h.Folders.CreateAsync(alice, P("/dir"), false, default);
        Assert.Equal(ErrorCodes.NotAFile, (await _h.UploadAsync(alice, "/dir", [1])).Error?.Code);
        Assert.Equal(1, await _h.StoredContentCountAsync());
    }

    [Fact]
    public async Task Another_users_files_are_not_found()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/secret.txt", [1]);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(bob, P("/secret.txt"), default)).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.OpenReadAsync(bob, P("/secret.txt"), null, default)).Error?.Code);
    }

    /// <summary>A body that must never be read.</summary>
    private sealed class FailingStream(byte[] content, int failAfter) : MemoryStream(content)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return Position >= failAfter ? throw new IOException("The connection was reset.") : await base.ReadAsync(buffer[..Math.Min(buffer.Length, 100_000)], cancellationToken);
        }
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public bool WasRead { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WasRead = true;
            return base.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            WasRead = true;
            return base.Read(buffer, offset, count);
        }
    }
}
