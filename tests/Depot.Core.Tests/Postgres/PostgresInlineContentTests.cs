using System.Security.Cryptography;
using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Postgres;

public sealed class PostgresInlineContentTests : InlineContentTests
{
    protected override MetadataBackend Backend => MetadataBackend.Postgres;

    [Fact]
    public async Task Small_content_that_does_not_compress_stays_in_its_row()
    {
        // Migration 0027: out of line, a 4 KiB value cost every download a TOAST index lookup and a fetch per 2 KiB chunk.
        await using var h = await FilesHarness.CreateAsync(Backend);
        var alice = await h.CreateUserAsync();
        var small = RandomNumberGenerator.GetBytes(4096);
        var larger = RandomNumberGenerator.GetBytes(7 * 1024);
        Assert.True((await h.UploadAsync(alice, "/small.bin", small)).IsSuccess);
        Assert.True((await h.UploadAsync(alice, "/larger.bin", larger)).IsSuccess);

        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM blob_contents"));
        // In the row and uncompressed, a value's stored size is its length and a 4-byte header; moved out of line, its
        // size is the external value's alone.
        Assert.Equal(2, await h.CountAsync("SELECT COUNT(*) FROM blob_contents WHERE pg_column_size(content) = octet_length(content) + 4"));
        Assert.Equal(small, await h.ReadAsync(alice, "/small.bin"));
        Assert.Equal(larger, await h.ReadAsync(alice, "/larger.bin"));
    }
}
