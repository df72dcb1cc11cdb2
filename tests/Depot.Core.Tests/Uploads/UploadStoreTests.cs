using Dapper;
using Depot.Core.Access;
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
/// The contract of <see cref="IUploadStore"/> (tus upload rows), run against every metadata backend: every change a
/// writer makes is conditional on holding the upload's lease, expiry and clean-up, cascades, and that two writers on
/// two nodes (two connection pools) never both hold one upload's lease. <see cref="UploadTests"/> covers the file
/// store's upload path; this suite the rows of resumable uploads.
/// </summary>
public abstract class UploadStoreTests : IAsyncLifetime
{
    private const long Now = 1_000_000;
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private SqlUploadStore Store => new(_h.Database);

    public async Task InitializeAsync() => _h = await CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task An_inserted_upload_reads_back_field_for_field_and_an_unknown_one_is_null()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var full = New(alice) with
        {
            ChargedUserId = bob.UserId, Length = null, ReservedBytes = 5_000, Metadata = "filename ZS50eHQ=", ContentType = "text/plain",
            Sha256 = new string('a', 64), IfMatch = "\"x\", \"y\"", IfNoneMatch = "*", CreateParents = true, Sha256State = "0102",
        };
        var bare = New(alice);
        await Store.InsertAsync(full, default);
        await Store.InsertAsync(bare, default);

        Assert.Equal(full, await Store.GetAsync(full.Id, default));
        Assert.Equal(bare, await Store.GetAsync(bare.Id, default));
        Assert.Null(await Store.GetAsync("0123456789abcdef0123456789abcdef", default));
    }

    [Fact]
    public async Task The_lease_is_one_owners_until_it_runs_out()
    {
        var upload = await InsertAsync(await _h.CreateUserAsync());

        Assert.True(await Store.TryLockAsync(upload.Id, "w1", Now, Now + 1_000, default));
        Assert.False(await Store.TryLockAsync(upload.Id, "w2", Now + 999, Now + 2_000, default));
        Assert.False(await Store.TryLockAsync(upload.Id, "w2", Now + 1_000, Now + 2_000, default));   // still w1's at its last instant
        Assert.True(await Store.TryLockAsync(upload.Id, "w2", Now + 1_001, Now + 2_000, default));
        Assert.False(await Store.RenewLockAsync(upload.Id, "w1", Now + 5_000, default));   // w1 lost it
        Assert.False(await Store.AdvanceAsync(upload.Id, "w1", 10, null, null, Now + 9_000, default));
        Assert.True(await Store.AdvanceAsync(upload.Id, "w2", 10, null, null, Now + 9_000, default));
    }

    [Fact]
    public async Task A_missing_or_committed_upload_cannot_be_locked()
    {
        var upload = await InsertAsync(await _h.CreateUserAsync());
        await CommitAsync(upload.Id);

        Assert.False(await Store.TryLockAsync(upload.Id, "w1", Now, Now + 1_000, default));
        Assert.False(await Store.TryLockAsync("0123456789abcdef0123456789abcdef", "w1", Now, Now + 1_000, default));
    }

    [Fact]
    public async Task Renew_and_unlock_act_only_for_the_holder()
    {
        var upload = await InsertAsync(await _h.CreateUserAsync());
        Assert.True(await Store.TryLockAsync(upload.Id, "w1", Now, Now + 1_000, default));

        Assert.True(await Store.RenewLockAsync(upload.Id, "w1", Now + 60_000, default));
        Assert.False(await Store.RenewLockAsync(upload.Id, "w2", Now + 60_000, default));
        Assert.False(await Store.TryLockAsync(upload.Id, "w2", Now + 30_000, Now + 90_000, default));   // renewed past 1 000
        await Store.UnlockAsync(upload.Id, "w2", default);
        Assert.False(await Store.TryLockAsync(upload.Id, "w2", Now + 30_000, Now + 90_000, default));
        await Store.UnlockAsync(upload.Id, "w1", default);
        Assert.True(await Store.TryLockAsync(upload.Id, "w2", Now + 30_000, Now + 90_000, default));
    }

    [Fact]
    public async Task Advance_and_a_deferred_length_change_the_row_only_for_the_holder_and_the_length_only_once()
    {
        var upload = await InsertAsync(await _h.CreateUserAsync(), length: null, reserved: 1_000_000);
        Assert.True(await Store.TryLockAsync(upload.Id, "w1", Now, Now + 60_000, default));

        Assert.False(await Store.SetLengthAsync(upload.Id, "w2", 100, default));
        Assert.True(await Store.SetLengthAsync(upload.Id, "w1", 100, default));
        Assert.False(await Store.SetLengthAsync(upload.Id, "w1", 200, default));
        Assert.True(await Store.AdvanceAsync(upload.Id, "w1", 40, "01ab", null, Now + 7_000, default));
        Assert.False(await Store.AdvanceAsync(upload.Id, "w2", 50, "02cd", null, Now + 8_000, default));

        var stored = (await Store.GetAsync(upload.Id, default))!;
        Assert.Equal((100L, 100L, 40L, "01ab", Now + 7_000), (stored.Length!.Value, stored.ReservedBytes, stored.Offset, stored.Sha256State, stored.ExpiresAt));
    }

    [Fact]
    public async Task Delete_locked_needs_the_lease_and_delete_committed_a_commit()
    {
        var user = await _h.CreateUserAsync();
        var open = await InsertAsync(user);
        var done = await InsertAsync(user);
        await CommitAsync(done.Id);
        Assert.True(await Store.TryLockAsync(open.Id, "w1", Now, Now + 60_000, default));

        Assert.False(await Store.DeleteLockedAsync(open.Id, "w2", default));
        Assert.False(await Store.DeleteCommittedAsync(open.Id, default));
        Assert.True(await Store.DeleteLockedAsync(open.Id, "w1", default));
        Assert.Null(await Store.GetAsync(open.Id, default));
        Assert.True(await Store.DeleteCommittedAsync(done.Id, default));
        Assert.False(await Store.DeleteCommittedAsync(done.Id, default));
    }

    [Fact]
    public async Task Expired_uploads_are_found_oldest_first_up_to_the_limit_unless_a_live_lease_holds_them()
    {
        var user = await _h.CreateUserAsync();
        var late = await InsertAsync(user, expiresAt: Now + 300);
        var early = await InsertAsync(user, expiresAt: Now + 100);
        var leased = await InsertAsync(user, expiresAt: Now + 50);
        var stale = await InsertAsync(user, expiresAt: Now + 200);
        await InsertAsync(user, expiresAt: Now + 10_000);
        Assert.True(await Store.TryLockAsync(leased.Id, "w1", Now, Now + 5_000, default));
        Assert.True(await Store.TryLockAsync(stale.Id, "w1", Now, Now + 400, default));

        var found = await Store.FindExpiredAsync(Now + 1_000, 10, default);
        var limited = await Store.FindExpiredAsync(Now + 1_000, 2, default);

        Assert.Equal([early.Id, stale.Id, late.Id], found.Select(u => u.Id));
        Assert.Equal([early.Id, stale.Id], limited.Select(u => u.Id));
        Assert.Equal([late.Id], (await Store.FindExpiredAsync(Now + 300, 10, default)).Where(u => u.Id == late.Id).Select(u => u.Id));
    }

    [Fact]
    public async Task Delete_expired_rechecks_expiry_and_lease_at_the_moment_it_deletes()
    {
        var user = await _h.CreateUserAsync();
        var resumed = await InsertAsync(user, expiresAt: Now + 100);
        var idle = await InsertAsync(user, expiresAt: Now + 100);
        var leased = await InsertAsync(user, expiresAt: Now + 100);
        // Found expired, then a writer resumes one (a new expiry) and holds another before the clean-up deletes.
        Assert.Equal(3, (await Store.FindExpiredAsync(Now + 200, 10, default)).Count);
        Assert.True(await Store.TryLockAsync(resumed.Id, "w1", Now + 200, Now + 60_000, default));
        Assert.True(await Store.AdvanceAsync(resumed.Id, "w1", 1, null, null, Now + 86_400_000, default));
        await Store.UnlockAsync(resumed.Id, "w1", default);
        Assert.True(await Store.TryLockAsync(leased.Id, "w2", Now + 200, Now + 60_000, default));

        Assert.False(await Store.DeleteExpiredAsync(resumed.Id, Now + 200, default));
        Assert.False(await Store.DeleteExpiredAsync(leased.Id, Now + 200, default));
        Assert.True(await Store.DeleteExpiredAsync(idle.Id, Now + 200, default));
        Assert.False(await Store.DeleteExpiredAsync(idle.Id, Now + 200, default));
    }

    [Fact]
    public async Task Find_known_answers_which_ids_have_a_row()
    {
        var user = await _h.CreateUserAsync();
        var a = await InsertAsync(user);
        var b = await InsertAsync(user);
        var unknown = Enumerable.Range(0, 600).Select(i => $"{i:x32}");

        var known = await Store.FindKnownAsync([.. unknown.Take(300), a.Id, .. unknown.Skip(300), b.Id], default);

        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), known.Order(StringComparer.Ordinal));
        Assert.Empty(await Store.FindKnownAsync([], default));
    }

    [Fact]
    public async Task Deleting_an_account_deletes_its_uploads()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var hers = await InsertAsync(alice);
        var his = await InsertAsync(bob);

        await _h.Accounts.DeleteUserAsync(alice.UserId, default);

        Assert.Null(await Store.GetAsync(hers.Id, default));
        Assert.NotNull(await Store.GetAsync(his.Id, default));
    }

    [Fact]
    public async Task A_lease_renews_beside_the_request_holding_it_on_a_connection_of_its_own()
    {
        var user = await _h.CreateUserAsync();
        var upload = await InsertAsync(user);
        using var watch = ConnectionUse.Watch();   // as the server watches each request in the test suites
        await using var lease = await UploadLock.TryAcquireAsync(Store, upload.Id, TimeSpan.FromSeconds(3), TimeProvider.System, default);
        Assert.NotNull(lease);
        await using (await _h.Database.OpenAsync(default))
        {
            // Renewals every second, each valid for two: without them the lease would lapse at 2 s.
            await Task.Delay(TimeSpan.FromSeconds(3.5));
        }

        Assert.True(lease.IsHeld);
    }

    [Fact]
    public async Task Two_writers_on_two_nodes_never_both_hold_an_uploads_lease()
    {
        var user = await _h.CreateUserAsync();
        var nodes = (First: new SqlUploadStore(_h.Database), Second: new SqlUploadStore(_h.SecondDatabase));
        var lease = TimeSpan.FromMinutes(1);
        for (var round = 0; round < Race.Rounds; round++)
        {
            var upload = await InsertAsync(user);
            var (first, second) = await Race.TwoAsync(
                () => UploadLock.TryAcquireAsync(nodes.First, upload.Id, lease, TimeProvider.System, default),
                () => UploadLock.TryAcquireAsync(nodes.Second, upload.Id, lease, TimeProvider.System, default));
            await using var a = first;
            await using var b = second;

            Assert.True(a is null ^ b is null, $"round {round}: {(a is null ? "refused" : "held")} / {(b is null ? "refused" : "held")}");
            Assert.True((a ?? b)!.IsHeld);
        }
    }

    [Fact]
    public async Task Two_writers_taking_over_a_stale_lease_on_two_nodes_get_it_once()
    {
        var user = await _h.CreateUserAsync();
        var nodes = (First: new SqlUploadStore(_h.Database), Second: new SqlUploadStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var upload = await InsertAsync(user);
            Assert.True(await Store.TryLockAsync(upload.Id, "crashed", Now, Now + 1_000, default));
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.TryLockAsync(upload.Id, "w1", Now + 5_000, Now + 65_000, default),
                () => nodes.Second.TryLockAsync(upload.Id, "w2", Now + 5_000, Now + 65_000, default));

            Assert.True(first ^ second, $"round {round}: {first} / {second}");
            var winner = first ? "w1" : "w2";
            Assert.True(await Store.AdvanceAsync(upload.Id, winner, 1, null, null, Now + 86_400_000, default));
            Assert.False(await Store.AdvanceAsync(upload.Id, first ? "w2" : "w1", 2, null, null, Now + 86_400_000, default));
        }
    }

    [Fact]
    public async Task Two_tus_chunks_at_one_offset_on_two_nodes_write_once_and_refuse_the_other_as_upload_locked()
    {
        var alice = await _h.CreateUserAsync();
        var nodes = (First: Service(_h.Database), Second: Service(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var path = P($"/race-{round}.bin");
            var upload = (await nodes.First.CreateAsync(alice, new NewUpload(path, 4, null, new UploadRequest()), default)).Value;
            // The winner's body waits until the loser has its answer, so the two requests overlap whoever starts first.
            var loserAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            async Task<Result<AppendResult>> AppendAsync(UploadService node, byte[] chunk)
            {
                try
                {
                    return await node.AppendAsync(alice, upload.Id, new AppendRequest(0, 4), new GatedStream(chunk, loserAnswered.Task), default);
                }
                finally
                {
                    loserAnswered.TrySetResult();
                }
            }

            var (first, second) = await Race.TwoAsync(() => AppendAsync(nodes.First, [1, 1, 1, 1]), () => AppendAsync(nodes.Second, [2, 2, 2, 2]));

            Assert.True(first.IsSuccess ^ second.IsSuccess, $"round {round}: {first.Error?.Code} / {second.Error?.Code}");
            Assert.Equal(ErrorCodes.UploadLocked, (first.Error ?? second.Error)?.Code);
            Assert.Equal(first.IsSuccess ? [1, 1, 1, 1] : [2, 2, 2, 2], await _h.ReadAsync(alice, path.Value));
        }
    }

    [Fact]
    public async Task A_finished_upload_is_reported_locked_not_done_while_another_holder_has_yet_to_commit_it()
    {
        var alice = await _h.CreateUserAsync();
        var service = Service(_h.Database);
        byte[] data = [1, 2, 3, 4];
        var upload = (await service.CreateAsync(alice, new NewUpload(P("/held.bin"), data.Length, null, new UploadRequest()), default)).Value;
        var committed = (await service.AppendAsync(alice, upload.Id, new AppendRequest(0), new MemoryStream(data), default)).Value.Upload;

        // The row as another node sees it between that node's last durable byte and its commit (or after it was killed
        // there, until its lease runs out): complete, uncommitted, its lease live. A HEAD must not report it done.
        await SetRowAsync("committed_at = NULL, lock_owner = 'other-node', lock_expires_at = @Value", upload.Id, long.MaxValue / 2);
        Assert.Equal(ErrorCodes.UploadLocked, (await service.GetAsync(alice, upload.Id, default)).Error?.Code);

        // The holder committed and let go: now the full offset.
        await SetRowAsync("committed_at = @Value, lock_owner = NULL, lock_expires_at = NULL", upload.Id, committed.CommittedAt!.Value);
        var resumed = (await service.GetAsync(alice, upload.Id, default)).Value;
        Assert.Equal((true, (long)data.Length), (resumed.IsCommitted, resumed.Offset));
    }

    private async Task SetRowAsync(string assignments, string id, long value)
    {
        await using var connection = await _h.Database.OpenAsync(default);
        await connection.ExecuteAsync($"UPDATE uploads SET {assignments} WHERE id = @Id", new { Id = id, Value = value });
    }

    private UploadService Service(IDatabase database)
    {
        var files = new FileService(new SqlFileStore(database, _h.Clock), _h.Blobs, _h.Storage, _h.Versions, _h.Clock, NullLogger<FileService>.Instance,
            new AuditLog(new SqlAuditStore(database), new AuditOptions(), _h.Clock, NullLogger<AuditLog>.Instance),
            new BlobHealth(new SqlBlobHealthStore(database), _h.Clock, NullLogger<BlobHealth>.Instance));
        var partials = new LocalPartialStore(Path.Combine(Path.GetDirectoryName(_h.Blobs.Root)!, "partials"), _h.Blobs, _h.Storage, _h.Clock);
        return new UploadService(new SqlUploadStore(database), partials, _h.Blobs, files, _h.Storage, new UploadsOptions(), _h.Clock,
            NullLogger<UploadService>.Instance);
    }

    /// <summary>A request body that is held back until <paramref name="gate"/> opens (bounded).</summary>
    private sealed class GatedStream(byte[] content, Task gate) : MemoryStream(content)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(Race.Bound, cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    private async Task<UploadRecord> InsertAsync(Caller user, long? length = 100, long reserved = 100, long expiresAt = Now + 86_400_000)
    {
        var upload = New(user) with { Length = length, ReservedBytes = reserved, ExpiresAt = expiresAt };
        await Store.InsertAsync(upload, default);
        return upload;
    }

    private UploadRecord New(Caller user) => new()
    {
        Id = Ids.New(_h.Clock), UserId = user.UserId, Path = "/up.bin", Length = 100, ReservedBytes = 100, CreatedAt = Now,
        ExpiresAt = Now + 86_400_000,
    };

    /// <summary>What the file store's commit transaction does to the row (<c>SqlFileSession</c>): committed, nothing reserved, no lease.</summary>
    private async Task CommitAsync(string id)
    {
        await using var db = await _h.Database.OpenAsync(default);
        await db.ExecuteAsync("UPDATE uploads SET committed_at = @Now, reserved_bytes = 0, lock_owner = NULL, lock_expires_at = NULL WHERE id = @id", new { Now, id });
    }
}
