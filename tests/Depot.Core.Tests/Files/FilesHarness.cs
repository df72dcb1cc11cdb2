using Dapper;
using Depot.Core.Access;
using Depot.Core.Accounts;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Core.Events;
using Depot.Core.Files;
using Depot.Core.Groups;
using Depot.Core.Jobs;
using Depot.Core.Locks;
using Depot.Core.Sharing;
using Depot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Depot.Core.Tests.Files;

/// <summary>
/// The real file services over a real metadata store (<see cref="MetadataBackend"/>) and a real blob folder in a
/// temp directory. No mocks.
/// </summary>
public sealed class FilesHarness : IAsyncDisposable
{
    private readonly MetadataBackend _backend;
    private readonly DirectoryInfo _folder;
    private readonly bool _ownsFolder;
    private IDatabase? _secondDatabase;

    private FilesHarness(MetadataBackend backend, DirectoryInfo folder, IDatabase? database, ManualClock? clock, ClusterSignal? signal = null)
    {
        _backend = backend;
        _folder = folder;
        _ownsFolder = database is null;
        Clock = clock ?? new ManualClock();
        Database = database ?? backend.Create(_folder);
        Store = new SqlFileStore(Database, Clock, signal);
        Blobs = new LocalBlobStore(Path.Combine(_folder.FullName, "blobs"), Storage, Clock);
    }

    public ManualClock Clock { get; }
    public StorageOptions Storage { get; } = new();
    public VersionOptions Versions { get; } = new();
    public TrashOptions Trash { get; } = new();
    public IDatabase Database { get; }
    public IFileStore Store { get; }

    /// <summary>A second connection pool onto <see cref="Database"/>, as a second server node has (see <see cref="MetadataBackend.OpenAgain"/>).</summary>
    public IDatabase SecondDatabase => _secondDatabase ??= _backend.OpenAgain(Database);

    public SqlAccountStore Accounts => new(Database);
    public AuditLog Audit => new(new SqlAuditStore(Database), new AuditOptions(), Clock, NullLogger<AuditLog>.Instance);
    public LocalBlobStore Blobs { get; }

    /// <summary>What the server reads and writes content through: <see cref="Blobs"/>, and small files in the metadata store.</summary>
    public InlineBlobStore Content => new(Blobs, Database, Storage.InlineMaxBytes, Clock);

    public BlobHealth Health => new(new SqlBlobHealthStore(Database), Clock, NullLogger<BlobHealth>.Instance);
    public FileService Files => new(Store, Content, Storage, Versions, Clock, NullLogger<FileService>.Instance, Audit, Health);
    public FolderService Folders => new(Store, Clock);
    public MoveService Moves => new(Store, Clock);
    public TrashService TrashBin => new(Store, Content, Trash, Clock, NullLogger<TrashService>.Instance, Audit);
    public VersionService History => new(Store, Content, Versions, Clock, NullLogger<VersionService>.Instance, Audit);
    public LockService Locks => new(new SqlLockStore(Database), Store, new LockOptions(), Clock);
    public ShareService Sharing => new(Store, new SqlShareStore(Database), Accounts, new GroupService(new SqlGroupStore(Database), Accounts, Audit, Clock), Audit, Clock);
    public MaintenanceJob Maintenance => new(Store, Content, Trash, Versions, Storage, new Migrator(Database, Clock), Clock, NullLogger<MaintenanceJob>.Instance);

    public static async Task<FilesHarness> CreateAsync(MetadataBackend backend)
    {
        var harness = new FilesHarness(backend, Directory.CreateTempSubdirectory("depot-core-"), null, null);
        await new Migrator(harness.Database, harness.Clock).MigrateAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>
    /// The same services as a second server node would run them: another connection pool on the same database, the
    /// same blob folder and clock. Dispose it before this harness.
    /// </summary>
    public FilesHarness SecondNode() => new(_backend, _folder, _backend.OpenAgain(Database), Clock);

    /// <summary>
    /// <see cref="SecondNode"/> whose file store hears the cluster through <paramref name="signal"/> (built on
    /// <paramref name="database"/>, another pool on this harness's database), as a server node's does.
    /// </summary>
    public FilesHarness Node(IDatabase database, ClusterSignal signal) => new(_backend, _folder, database, Clock, signal);

    /// <summary>A fresh user row (what the accounts feature creates), with an optional quota and name (default: the id).</summary>
    public async Task<Caller> CreateUserAsync(long? quota = null, string? username = null)
    {
        var id = Ids.New(Clock);
        username ??= id;
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO users (id, username, username_key, password_hash, quota_bytes, root_id, created_at) " +
            "VALUES (@id, @username, @key, 'x', @quota, @root, 0)",
            new { id, username, key = username.ToLowerInvariant(), quota, root = Ids.New(Clock) });
        return new Caller(id, username, false);
    }

    /// <summary>A live editor share of <paramref name="nodeId"/> (of <paramref name="owner"/>'s) with <paramref name="grantee"/>, as the share store writes it.</summary>
    public async Task GrantEditorAsync(Caller owner, string nodeId, Caller grantee)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO shares (id, node_id, owner_id, grantee_kind, grantee_id, role, created_by, created_at) " +
            "VALUES (@id, @nodeId, @owner, 0, @grantee, 2, @owner, 0)",
            new { id = Ids.New(Clock), nodeId, owner = owner.UserId, grantee = grantee.UserId });
    }

    public async Task<long> UsedBytesAsync(Caller caller)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT used_bytes FROM users WHERE id = @UserId", caller);
    }

    /// <summary>A statement run as an administrator's tool would, outside the stores.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    /// <summary>Every piece of content stored: the blob folder's files and the small files kept in the metadata store.</summary>
    public async Task<long> StoredContentCountAsync() =>
        (Directory.Exists(Blobs.Root) ? Directory.GetFiles(Blobs.Root, "*", SearchOption.AllDirectories).Length : 0)
        + await CountAsync("SELECT COUNT(*) FROM blob_contents");

    public static DepotPath P(string path) => DepotPath.Parse(path).Value;

    public Task<Result<UploadResult>> UploadAsync(Caller caller, string path, byte[] content, UploadRequest? request = null) =>
        Files.UploadAsync(caller, P(path), new MemoryStream(content), request ?? new UploadRequest(CreateParents: true), CancellationToken.None);

    public async Task<byte[]> ReadAsync(Caller caller, string path, string? versionId = null)
    {
        var download = await Files.OpenReadAsync(caller, P(path), versionId, CancellationToken.None);
        Assert.True(download.IsSuccess, download.Error?.Detail);
        await using var content = download.Value.Content;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        (_secondDatabase as IDisposable)?.Dispose();
        (Database as IDisposable)?.Dispose();
        await Task.Yield();
        if (_ownsFolder)
        {
            _folder.Delete(recursive: true);
        }
    }
}
