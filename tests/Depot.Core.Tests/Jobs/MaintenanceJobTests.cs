using Depot.Core.Backups;
using Depot.Core.Files;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Jobs;

/// <summary>A contract suite: runs against every metadata backend through one subclass each.</summary>
public abstract class MaintenanceJobTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Orphan_files_past_the_grace_period_go_and_referenced_blobs_never_do()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/kept.bin", new byte[100]);
        var orphan = (await _h.Blobs.WriteAsync(new MemoryStream(new byte[10]), 10, default)).Value;   // as if the server crashed before commit

        var early = await _h.Maintenance.RunAsync(default);
        Assert.Equal(0, early.OrphansDeleted);   // within the grace period: maybe an upload still committing
        Assert.Equal(2, await _h.StoredContentCountAsync());

        _h.Clock.Advance(_h.Storage.OrphanGracePeriod + TimeSpan.FromMinutes(1));
        var late = await _h.Maintenance.RunAsync(default);
        Assert.Equal(1, late.OrphansDeleted);
        Assert.Null(await _h.Blobs.OpenReadAsync(orphan.Id, 0, null, default));
        Assert.Equal(new byte[100], await _h.ReadAsync(alice, "/kept.bin"));
    }

    [Fact]
    public async Task Unreferenced_blob_rows_and_their_files_are_deleted()
    {
        var stray = (await _h.Blobs.WriteAsync(new MemoryStream(new byte[10]), 10, default)).Value;
        await using (var session = await _h.Store.WriteAsync(default))
        {
            await session.InsertBlobAsync(stray, 0, default);   // e.g. left by a deleted user's cascade
            await session.CommitAsync(default);
        }

        var report = await _h.Maintenance.RunAsync(default);
        Assert.Equal(1, report.BlobsDeleted);
        Assert.Equal(0, await _h.StoredContentCountAsync());
        Assert.Equal(0, await _h.CountAsync("SELECT COUNT(*) FROM blobs"));
    }

    [Fact]
    public async Task Trash_past_retention_is_purged_and_releases_quota()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/old.bin", new byte[100]);
        await _h.Files.DeleteAsync(alice, P("/old.bin"), WritePreconditions.None, default);
        _h.Clock.Advance(_h.Trash.Retention + TimeSpan.FromHours(1));
        await _h.UploadAsync(alice, "/new.bin", new byte[10]);
        await _h.Files.DeleteAsync(alice, P("/new.bin"), WritePreconditions.None, default);

        var report = await _h.Maintenance.RunAsync(default);
        Assert.Equal(1, report.TrashPurged);
        Assert.Equal(10, await _h.UsedBytesAsync(alice));
        Assert.Equal(1, await _h.StoredContentCountAsync());
        Assert.Equal("new.bin", Assert.Single((await _h.TrashBin.ListAsync(alice, 10, null, default)).Value.Items).Node.Name);
    }

    [Fact]
    public async Task Versions_past_max_age_are_pruned_but_never_the_current_one()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a", new byte[100]);
        await _h.UploadAsync(alice, "/a", new byte[50]);
        _h.Clock.Advance(_h.Versions.MaxAge + TimeSpan.FromDays(1));

        var report = await _h.Maintenance.RunAsync(default);
        Assert.Equal(1, report.VersionsPruned);
        Assert.Equal(50, await _h.UsedBytesAsync(alice));
        Assert.Equal(1, await _h.StoredContentCountAsync());
        Assert.Equal(new byte[50], await _h.ReadAsync(alice, "/a"));
    }

    [Fact]
    public async Task A_live_backup_lease_holds_blob_deletions_until_the_backup_ends()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/in-the-snapshot.bin", new byte[100]);
        var backups = new BackupRecords(_h.Database, _h.Clock);
        var lease = await backups.StartAsync("/backups/one", default);   // the backup's snapshot references the blob from here on

        await _h.Files.DeleteAsync(alice, P("/in-the-snapshot.bin"), WritePreconditions.None, default);
        await _h.TrashBin.EmptyAsync(alice, default);
        var during = await _h.Maintenance.RunAsync(default);

        Assert.Equal(0, during.BlobsDeleted);
        Assert.Equal(1, await _h.StoredContentCountAsync());   // still there for the backup to copy
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM blobs"));
        Assert.True(await backups.AnyLiveAsync(default));

        await backups.FinishAsync(lease, BackupRecords.Ok, 1, 100, default);
        var after = await _h.Maintenance.RunAsync(default);

        Assert.Equal(1, after.BlobsDeleted);
        Assert.Equal(0, await _h.StoredContentCountAsync());
        var last = await backups.LastAsync(default);
        Assert.NotNull(last);
        Assert.True(last.Succeeded);
        Assert.Equal(100, last.Bytes);
    }

    [Fact]
    public async Task A_backup_lease_that_is_not_renewed_lapses_and_collection_resumes()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a.bin", new byte[10]);
        var backups = new BackupRecords(_h.Database, _h.Clock);
        var lease = await backups.StartAsync("/backups/killed", default);
        await _h.Files.DeleteAsync(alice, P("/a.bin"), WritePreconditions.None, default);
        await _h.TrashBin.EmptyAsync(alice, default);

        _h.Clock.Advance(BackupRecords.LeaseDuration - TimeSpan.FromMinutes(1));
        await backups.RenewAsync(lease, default);
        _h.Clock.Advance(BackupRecords.LeaseDuration - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await _h.Maintenance.RunAsync(default)).BlobsDeleted);   // renewed: still live

        _h.Clock.Advance(TimeSpan.FromMinutes(2));   // the backup process died: no renewal
        Assert.False(await backups.AnyLiveAsync(default));
        Assert.Equal(1, (await _h.Maintenance.RunAsync(default)).BlobsDeleted);
        Assert.Null(await backups.LastAsync(default));   // a lapsed lease is no finished backup
    }
}
