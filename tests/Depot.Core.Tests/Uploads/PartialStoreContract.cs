using System.Security.Cryptography;
using Depot.Core.Storage;
using Depot.Core.Uploads;

namespace Depot.Core.Tests.Uploads;

/// <summary>
/// What every <see cref="IPartialStore"/> must do, with the blob store it completes into. One subclass per
/// implementation. The caller's "recorded offset" is simulated by what each test passes back in: a store must treat it
/// as the only truth.
/// </summary>
public abstract class PartialStoreContract
{
    // S3's smallest part is 5 MiB: parts below and above it, and sizes that cross no 64 KiB buffer boundary evenly.
    private const int Small = 1024 * 1024 + 3;
    private const int Large = 6 * 1024 * 1024 + 5;

    protected abstract IPartialStore Partials { get; }

    protected abstract IBlobStore Blobs { get; }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private Task<long> AppendAsync(string id, long offset, byte[] part) => Partials.AppendAsync(id, offset, new MemoryStream(part), default);

    private async Task<byte[]?> ReadBlobAsync(string id)
    {
        await using var read = await Blobs.OpenReadAsync(id, 0, null, default);
        if (read is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<List<string>> ListAsync()
    {
        var ids = new List<string>();
        await foreach (var listing in Partials.ListAsync(default))
        {
            ids.Add(listing.Id);
        }

        return ids;
    }

    [Fact]
    public async Task Parts_small_and_large_append_to_the_durable_length_and_compose_into_the_blob_with_its_size_and_sha256()
    {
        var id = NewId();
        byte[][] parts = [RandomNumberGenerator.GetBytes(Small), RandomNumberGenerator.GetBytes(17), RandomNumberGenerator.GetBytes(Large),
            RandomNumberGenerator.GetBytes(Small), RandomNumberGenerator.GetBytes(1)];
        long offset = 0;
        foreach (var part in parts)
        {
            var durable = await AppendAsync(id, offset, part);
            Assert.Equal(offset + part.Length, durable);
            offset = durable;
        }

        Assert.True(await Partials.CompleteAsync(id, offset, default));

        var whole = parts.SelectMany(p => p).ToArray();
        var blob = await ReadBlobAsync(id);
        Assert.Equal(whole.Length, blob!.Length);
        Assert.Equal(SHA256.HashData(whole), SHA256.HashData(blob));
    }

    [Fact]
    public async Task An_append_that_was_never_recorded_is_replaced_by_the_next_append_at_the_recorded_offset()
    {
        var id = NewId();
        var (first, lost, again) = (RandomNumberGenerator.GetBytes(Small), RandomNumberGenerator.GetBytes(Large), RandomNumberGenerator.GetBytes(Small));
        var recorded = await AppendAsync(id, 0, first);
        await AppendAsync(id, recorded, lost);   // durable, then a crash before its offset was recorded

        var durable = await AppendAsync(id, recorded, again);
        Assert.True(await Partials.CompleteAsync(id, durable, default));

        Assert.Equal(first.Concat(again).ToArray(), await ReadBlobAsync(id));
    }

    [Fact]
    public async Task A_part_that_fails_midway_leaves_nothing_and_the_upload_goes_on_at_the_same_offset()
    {
        var id = NewId();
        var first = RandomNumberGenerator.GetBytes(Small);
        var recorded = await AppendAsync(id, 0, first);

        await Assert.ThrowsAsync<IOException>(() =>
            Partials.AppendAsync(id, recorded, new FailingStream(RandomNumberGenerator.GetBytes(Large), atEnd: false), default));
        var next = RandomNumberGenerator.GetBytes(100);
        Assert.Equal(recorded + 100, await AppendAsync(id, recorded, next));
        Assert.True(await Partials.CompleteAsync(id, recorded + 100, default));

        Assert.Equal(first.Concat(next).ToArray(), await ReadBlobAsync(id));
    }

    [Fact]
    public async Task A_part_rejected_at_its_end_like_a_checksum_mismatch_leaves_nothing()
    {
        var id = NewId();
        var first = RandomNumberGenerator.GetBytes(Large);
        var recorded = await AppendAsync(id, 0, first);

        await Assert.ThrowsAsync<IOException>(() =>
            Partials.AppendAsync(id, recorded, new FailingStream(RandomNumberGenerator.GetBytes(Small), atEnd: true), default));

        Assert.False(await Partials.CompleteAsync(id, recorded + Small, default));
        Assert.True(await Partials.CompleteAsync(id, recorded, default));
        Assert.Equal(first, await ReadBlobAsync(id));
    }

    [Fact]
    public async Task Completion_is_idempotent_and_answers_false_for_data_that_is_missing_or_short()
    {
        var id = NewId();
        var data = RandomNumberGenerator.GetBytes(Small);
        var durable = await AppendAsync(id, 0, data);

        Assert.False(await Partials.CompleteAsync(id, durable + 1, default));
        Assert.True(await Partials.CompleteAsync(id, durable, default));
        Assert.True(await Partials.CompleteAsync(id, durable, default));   // again, as after a crash before the commit
        Assert.Equal(data, await ReadBlobAsync(id));
        Assert.False(await Partials.CompleteAsync(NewId(), 10, default));
    }

    [Fact]
    public async Task An_empty_upload_completes_without_any_append()
    {
        var id = NewId();
        Assert.True(await Partials.CompleteAsync(id, 0, default));
        Assert.Equal(Array.Empty<byte>(), await ReadBlobAsync(id));
    }

    [Fact]
    public async Task Delete_removes_the_parts_and_deleting_twice_is_fine()
    {
        var id = NewId();
        await AppendAsync(id, 0, RandomNumberGenerator.GetBytes(Small));

        await Partials.DeleteAsync(id, default);
        await Partials.DeleteAsync(id, default);

        Assert.DoesNotContain(id, await ListAsync());
        Assert.False(await Partials.CompleteAsync(id, Small, default));
        Assert.Null(await ReadBlobAsync(id));
    }

    [Fact]
    public async Task Listing_shows_uploads_with_parts_and_a_recent_write_time_but_not_completed_ones()
    {
        var (open, done) = (NewId(), NewId());
        await AppendAsync(open, 0, [1, 2, 3]);
        await Partials.CompleteAsync(done, await AppendAsync(done, 0, [4]), default);

        var listed = new List<BlobListing>();
        await foreach (var listing in Partials.ListAsync(default))
        {
            listed.Add(listing);
        }

        Assert.Contains(open, listed.Select(l => l.Id));
        Assert.DoesNotContain(done, listed.Select(l => l.Id));
        Assert.All(listed, l => Assert.InRange(l.WrittenAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    /// <summary>Yields its content, then throws: midway (a broken connection) or at the end (a rejected checksum).</summary>
    private sealed class FailingStream(byte[] content, bool atEnd) : MemoryStream(content)
    {
        private readonly long _failAt = atEnd ? long.MaxValue : content.Length / 2;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position > _failAt)
            {
                throw new IOException("the client went away");
            }

            var read = await base.ReadAsync(buffer, cancellationToken);
            return read == 0 && atEnd ? throw new IOException("checksum mismatch") : read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
