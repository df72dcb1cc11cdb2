using System.Security.Cryptography;
using Dapper;
using Depot.Core.Data;
using Depot.Core.Events;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Core.Tests.Files;
using Depot.Core.Uploads;
using Depot.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Uploads;

/// <summary>
/// An upload's SHA-256 is taken once, as its bytes stream in, and kept with its recorded offset (migration 0011): so it
/// is right across requests and nodes, after rejected chunks, and without ever reading the data back; an upload
/// begun before the state was kept still finishes right. Run against every metadata backend.
/// </summary>
public abstract class UploadDigestTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private string PartialsRoot => Path.Combine(Path.GetDirectoryName(_h.Blobs.Root)!, "partials");

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Chunks_on_two_nodes_with_a_rejected_one_between_give_the_file_the_sha256_of_its_bytes()
    {
        var alice = await _h.CreateUserAsync();
        var nodes = new[] { Service(_h.Database), Service(_h.SecondDatabase) };
        var data = RandomNumberGenerator.GetBytes(300_001);
        var upload = (await nodes[0].CreateAsync(alice, new NewUpload(P("/two-nodes.bin"), data.Length, null, new UploadRequest()), default)).Value;
        int[] sizes = [1, 63, 64, 65, 100_000, 7, 199_801];

        long offset = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            var node = nodes[i % 2];
            var chunk = data.AsMemory((int)offset, sizes[i]).ToArray();
            var wrong = new ChunkChecksum("sha256", SHA256.HashData([.. chunk, 0]));
            var rejected = await node.AppendAsync(alice, upload.Id, new AppendRequest(offset, chunk.Length, null, wrong), new MemoryStream(chunk), default);
            Assert.Equal(ErrorCodes.ChecksumMismatch, rejected.Error?.Code);

            var right = new ChunkChecksum("sha256", SHA256.HashData(chunk));
            var appended = (await node.AppendAsync(alice, upload.Id, new AppendRequest(offset, chunk.Length, null, right), new MemoryStream(chunk), default)).Value;
            offset += chunk.Length;
            Assert.Equal(offset, appended.Upload.Offset);
            if (appended.Committed is { } committed)
            {
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), committed.Entry.Node.Sha256);
                // SHA-1 and MD5 ride along with the SHA-256 state across nodes and past rejected chunks (migration 0014).
#pragma warning disable CA5350, CA5351
                Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(data)), committed.Entry.Node.Sha1);
                Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), committed.Entry.Node.Md5);
#pragma warning restore CA5350, CA5351
            }
        }

        Assert.Equal(data, await _h.ReadAsync(alice, "/two-nodes.bin"));
    }

    [Fact]
    public async Task The_row_keeps_the_hash_state_of_exactly_its_recorded_offset()
    {
        var alice = await _h.CreateUserAsync();
        var service = Service(_h.Database);
        var data = RandomNumberGenerator.GetBytes(1000);
        var upload = (await service.CreateAsync(alice, new NewUpload(P("/state.bin"), 5000, null, new UploadRequest()), default)).Value;
        await service.AppendAsync(alice, upload.Id, new AppendRequest(0), new MemoryStream(data), default);

        var row = (await new SqlUploadStore(_h.Database).GetAsync(upload.Id, default))!;
        var state = ResumableSha256.Restore(Convert.FromHexString(row.Sha256State!))!;

        Assert.Equal((1000L, 1000L), (row.Offset, state.Length));
        Assert.Equal(SHA256.HashData(data), state.Finish());
    }

    [Fact]
    public async Task Completion_takes_the_sha256_of_the_bytes_as_they_arrived_and_never_reads_the_data_back()
    {
        var alice = await _h.CreateUserAsync();
        var service = Service(_h.Database);
        var data = RandomNumberGenerator.GetBytes(2000);
        var upload = (await service.CreateAsync(alice, new NewUpload(P("/streamed.bin"), data.Length, null, new UploadRequest()), default)).Value;
        await service.AppendAsync(alice, upload.Id, new AppendRequest(0), new MemoryStream(data[..1000]), default);
        // Change the stored bytes behind the service's back: a digest read back would be of these.
        await using (var file = new FileStream(Path.Combine(PartialsRoot, upload.Id), FileMode.Open, FileAccess.Write))
        {
            file.WriteByte((byte)(data[0] ^ 0xff));
        }

        var done = (await service.AppendAsync(alice, upload.Id, new AppendRequest(1000), new MemoryStream(data[1000..]), default)).Value;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), done.Committed!.Entry.Node.Sha256);
    }

    [Fact]
    public async Task An_upload_begun_before_the_hash_state_was_kept_finishes_with_the_sha256_of_its_bytes()
    {
        var alice = await _h.CreateUserAsync();
        var service = Service(_h.Database);
        var data = RandomNumberGenerator.GetBytes(3000);
        var upload = (await service.CreateAsync(alice, new NewUpload(P("/legacy.bin"), data.Length, null, new UploadRequest()), default)).Value;
        await service.AppendAsync(alice, upload.Id, new AppendRequest(0), new MemoryStream(data[..1234]), default);
        await using (var db = await _h.Database.OpenAsync(default))
        {
            await db.ExecuteAsync("UPDATE uploads SET sha256_state = NULL WHERE id = @id", new { id = upload.Id });   // as before migration 0011
        }

        await service.AppendAsync(alice, upload.Id, new AppendRequest(1234), new MemoryStream(data[1234..2000]), default);
        var done = (await service.AppendAsync(alice, upload.Id, new AppendRequest(2000), new MemoryStream(data[2000..]), default)).Value;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), done.Committed!.Entry.Node.Sha256);
        Assert.Equal(data, await _h.ReadAsync(alice, "/legacy.bin"));
    }

    [Fact]
    public async Task An_upload_that_had_bytes_before_sha1_and_md5_were_kept_finishes_without_them_and_is_never_read_back_for_them()
    {
        var alice = await _h.CreateUserAsync();
        var service = Service(_h.Database);
        var data = RandomNumberGenerator.GetBytes(3000);
        var upload = (await service.CreateAsync(alice, new NewUpload(P("/pre-0014.bin"), data.Length, null, new UploadRequest()), default)).Value;
        await service.AppendAsync(alice, upload.Id, new AppendRequest(0), new MemoryStream(data[..1234]), default);
        await using (var db = await _h.Database.OpenAsync(default))
        {
            await db.ExecuteAsync("UPDATE uploads SET checksums_state = NULL WHERE id = @id", new { id = upload.Id });   // as before migration 0014
        }

        var done = (await service.AppendAsync(alice, upload.Id, new AppendRequest(1234), new MemoryStream(data[1234..]), default)).Value;

        var node = done.Committed!.Entry.Node;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), node.Sha256);
        Assert.Null(node.Sha1);
        Assert.Null(node.Md5);
        await using var session = await new SqlFileStore(_h.Database, _h.Clock).ReadAsync(default);
        Assert.Null((await session.GetVersionAsync(node.CurrentVersionId!, default))!.Sha1);
    }

    private UploadService Service(IDatabase database)
    {
        var files = new FileService(new SqlFileStore(database, _h.Clock), _h.Blobs, _h.Storage, _h.Versions, _h.Clock, NullLogger<FileService>.Instance,
            new AuditLog(new SqlAuditStore(database), new AuditOptions(), _h.Clock, NullLogger<AuditLog>.Instance),
            new BlobHealth(new SqlBlobHealthStore(database), _h.Clock, NullLogger<BlobHealth>.Instance));
        return new UploadService(new SqlUploadStore(database), new LocalPartialStore(PartialsRoot, _h.Blobs, _h.Storage, _h.Clock), _h.Blobs, files,
            _h.Storage, new UploadsOptions(), _h.Clock, NullLogger<UploadService>.Instance);
    }
}
