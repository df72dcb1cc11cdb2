using Depot.Core.Access;
using Depot.Core.Events;
using Depot.Core.Files;
using Depot.Core.Tests.Files;
using Depot.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Events;

/// <summary>A contract suite: runs against every metadata backend through one subclass each.</summary>
public abstract class AuditLogTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Unknown_actions_are_a_bug()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Audit.RecordAsync(AuditActor.Anonymous(null), "file.shred", AuditTarget.None));
    }

    [Fact]
    public async Task Retention_deletes_only_events_older_than_the_retention_period()
    {
        var audit = new AuditLog(new SqlAuditStore(_h.Database), new AuditOptions { Retention = TimeSpan.FromDays(30) }, _h.Clock,
            NullLogger<AuditLog>.Instance);
        var admin = new Caller("admin-id", "admin", true);
        await audit.RecordAsync(admin, AuditActions.GroupCreate, AuditTarget.None, ("group", "old"));
        _h.Clock.Advance(TimeSpan.FromDays(20));
        await audit.RecordAsync(admin, AuditActions.GroupCreate, AuditTarget.None, ("group", "new"));
        _h.Clock.Advance(TimeSpan.FromDays(15));

        Assert.Equal(1, await audit.ApplyRetentionAsync(default));
        var left = (await audit.QueryAsync(admin, new AuditQuery(), default)).Value.Items;
        Assert.Equal("new", Assert.Single(left).Details["group"]);
    }

    [Fact]
    public async Task A_failing_audit_store_never_fails_the_operation()
    {
        var failing = new AuditLog(new FailingAuditStore(), new AuditOptions(), _h.Clock, NullLogger<AuditLog>.Instance);
        var files = new FileService(_h.Store, _h.Blobs, _h.Storage, _h.Versions, _h.Clock, NullLogger<FileService>.Instance, failing, _h.Health);
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a.txt", [1, 2, 3]);

        var deleted = await files.DeleteAsync(alice, P("/a.txt"), WritePreconditions.None, default);

        Assert.True(deleted.IsSuccess);
        Assert.Equal(ErrorCodes.NotFound, (await _h.Files.GetAsync(alice, P("/a.txt"), default)).Error?.Code);
    }

    [Fact]
    public async Task Users_read_events_on_their_account_and_items_or_by_them_and_admins_read_all()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        await _h.Audit.RecordAsync(alice, AuditActions.FileDelete, AuditTarget.Node(alice.UserId, "n1", "/a"));
        await _h.Audit.RecordAsync(bob, AuditActions.FileDelete, AuditTarget.Node(alice.UserId, "n2", "/shared/b"));
        await _h.Audit.RecordAsync(bob, AuditActions.FileDelete, AuditTarget.Node(bob.UserId, "n3", "/c"));
        await _h.Audit.RecordAsync(AuditActor.Anonymous("203.0.113.9"), AuditActions.SignInFailed, AuditTarget.None, ("username", "ghost"));

        Assert.Equal(["n2", "n1"], await NodesSeenByAsync(alice));
        Assert.Equal(["n3", "n2"], await NodesSeenByAsync(bob));
        var all = (await _h.Audit.QueryAsync(new Caller("x", "root", true), new AuditQuery(), default)).Value.Items;
        Assert.Equal([AuditActions.SignInFailed, AuditActions.FileDelete, AuditActions.FileDelete, AuditActions.FileDelete], all.Select(e => e.Action));
    }

    private async Task<IEnumerable<string?>> NodesSeenByAsync(Caller caller) =>
        (await _h.Audit.QueryAsync(caller, new AuditQuery(), default)).Value.Items.Select(e => e.NodeId);

    /// <summary>A store whose database is gone: every append fails as SQLite would.</summary>
    private sealed class FailingAuditStore : IAuditStore
    {
        public Task AppendAsync(AuditEvent entry, CancellationToken cancellationToken) => throw new SqliteException("disk I/O error", 10);

        public Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditFilter filter, string? viewerId, (long At, string Id)? after, int limit,
            CancellationToken cancellationToken) => throw new SqliteException("disk I/O error", 10);

        public Task<int> DeleteBeforeAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
