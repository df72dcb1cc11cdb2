using Dapper;
using Depot.Core.Storage;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// A whole-file read verifies what it hands out before the last bytes leave: against the version's CRC-32C, or its
/// SHA-256 when the version was stored before CRCs were kept. A byte flipped on disk fails the read either way.
/// </summary>
public sealed class ReadVerificationTests : IAsyncLifetime
{
    private readonly byte[] _content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
    private FilesHarness _h = null!;

    public async Task InitializeAsync() => _h = await CreateAsync(MetadataBackend.Sqlite);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_intact_file_reads_whole_and_a_flipped_byte_fails_the_read(bool withCrc)
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/f.bin", _content);
        await using (var connection = await _h.Database.OpenAsync(CancellationToken.None))
        {
            Assert.Equal(Crc32C.Append(0, _content), (uint)await connection.ExecuteScalarAsync<long>("SELECT crc32c FROM versions"));
            if (!withCrc)
            {
                await connection.ExecuteAsync("UPDATE versions SET crc32c = NULL");   // as stored before migration 0019
            }
        }

        Assert.Equal(_content, await _h.ReadAsync(alice, "/f.bin"));

        var blob = Directory.GetFiles(_h.Blobs.Root, "*", SearchOption.AllDirectories).Single();
        await using (var file = File.Open(blob, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 123_456;
            var b = (byte)file.ReadByte();
            file.Position = 123_456;
            file.WriteByte((byte)(b ^ 0x10));
        }

        var damaged = await Assert.ThrowsAsync<BlobDamagedException>(() => _h.ReadAsync(alice, "/f.bin"));
        Assert.Equal(BlobDamage.ContentMismatch, damaged.Damage);
    }
}
