using Depot.Core.Files;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// What an upload costs PostgreSQL in round trips while it holds its tree's lock. Uploads into one tree commit one batch
/// after another (a group commit lane), so every round trip there adds to every upload's wait: the checks' reads go in
/// one (<see cref="IFileSession.PrefetchWalkAsync"/>), and the writes ride on the next piece's round trip or the commit's. Counted from Npgsql's own trace: one
/// activity per command or batch it sends.
/// </summary>
public sealed class UploadRoundTripsTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    public async Task InitializeAsync() => _h = await CreateAsync(MetadataBackend.Postgres);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task An_upload_into_an_existing_folder_reads_its_checks_in_one_round_trip()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/docs/deep/first.txt", [1])).IsSuccess);

        // A declared small body, as HTTP uploads have (Content-Length): no checks before the body is read.
        var sent = await CountRoundTripsAsync(async () =>
            Assert.True((await _h.UploadAsync(alice, "/docs/deep/second.txt", [2], new UploadRequest(Length: 1))).IsSuccess));

        // BEGIN with the tree's lock and the checks' reads (user and root, the walk, the lock probe); the writes with the
        // change feed's rows and COMMIT. Reading the checks one by one took three more, sending the writes on their own
        // one more, the lock and the COMMIT one each, and the change feed's chain one (the walk now tells it).
        Assert.True(sent.Count == 2, string.Join("\n", sent));
    }

    [Fact]
    public async Task A_new_file_into_a_folder_the_node_uploaded_into_before_goes_in_one_round_trip()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/docs/deep/first.txt", [1])).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/docs/deep/second.txt", [2])).IsSuccess);   // read the folders, and kept them

        var sent = await CountRoundTripsAsync(async () =>
            Assert.True((await _h.UploadAsync(alice, "/docs/deep/third.txt", [3], new UploadRequest(Length: 1))).IsSuccess));

        // BEGIN, the tree's locks, the guard (the walk and the user's storage, compared in the database with what the
        // node kept of them), the writes, the change feed's rows and COMMIT.
        Assert.True(sent.Count == 1, string.Join("\n", sent));
        Assert.Equal([3], await _h.ReadAsync(alice, "/docs/deep/third.txt"));
        Assert.Equal(3, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task When_another_node_renamed_the_folder_the_guard_refuses_what_the_node_kept_and_the_upload_reads_again()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/docs/deep/first.txt", [1])).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/docs/deep/second.txt", [2])).IsSuccess);
        await using var two = _h.SecondNode();
        Assert.True((await two.Moves.MoveAsync(alice, P("/docs/deep"), P("/docs/other"), overwrite: false, default)).IsSuccess);

        var sent = await CountRoundTripsAsync(async () => Assert.Equal(
            Depot.Protocol.ErrorCodes.ParentNotFound, (await _h.UploadAsync(alice, "/docs/deep/third.txt", [3], new UploadRequest(Length: 1))).Error?.Code));

        // The guarded round trip, refused; then the batch with its reads (the lock and the walk, then COMMIT).
        Assert.True(sent.Count == 3, string.Join("\n", sent));
        Assert.True(sent[0].Contains("pg_try_advisory_xact_lock", StringComparison.Ordinal), sent[0]);
        Assert.True((await _h.UploadAsync(alice, "/docs/other/third.txt", [3])).IsSuccess);
        Assert.Equal(3, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task While_another_node_keeps_writing_the_tree_the_node_stops_taking_reads_from_memory_for_a_while()
    {
        var alice = await _h.CreateUserAsync();
        await using var two = _h.SecondNode();
        Assert.True((await _h.UploadAsync(alice, "/docs/a.txt", [1])).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/docs/b.txt", [1])).IsSuccess);   // kept
        Assert.True((await two.UploadAsync(alice, "/docs/c.txt", [1])).IsSuccess);
        var stale = await CountRoundTripsAsync(async () =>
            Assert.True((await _h.UploadAsync(alice, "/docs/d.txt", [1], new UploadRequest(Length: 1))).IsSuccess));
        Assert.True(stale.Count == 3, string.Join("\n", stale));   // refused, then the lock and reads, then the rest

        // As behind a load balancer: the nodes take turns. Within the backoff the node does not keep the tree, so its
        // next batch reads, in two round trips, instead of losing one to a refused guard.
        Assert.True((await two.UploadAsync(alice, "/docs/e.txt", [1])).IsSuccess);
        var reads = await CountRoundTripsAsync(async () =>
            Assert.True((await _h.UploadAsync(alice, "/docs/f.txt", [1], new UploadRequest(Length: 1))).IsSuccess));
        Assert.True(reads.Count == 2, string.Join("\n", reads));
        var again = await CountRoundTripsAsync(async () =>
            Assert.True((await _h.UploadAsync(alice, "/docs/g.txt", [1], new UploadRequest(Length: 1))).IsSuccess));
        Assert.True(again.Count == 2, string.Join("\n", again));

        // Once it has passed, the node keeps the tree again, and a quiet tree's batches go in one round trip.
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await _h.UploadAsync(alice, "/docs/h.txt", [1])).IsSuccess);
        var kept = await CountRoundTripsAsync(async () =>
            Assert.True((await _h.UploadAsync(alice, "/docs/i.txt", [1], new UploadRequest(Length: 1))).IsSuccess));
        Assert.True(kept.Count == 1, string.Join("\n", kept));
        Assert.Equal(9, await _h.UsedBytesAsync(alice));
    }

    [Fact]
    public async Task An_overwrite_sees_the_file_it_replaces_and_a_lock_on_it_through_the_prefetched_reads()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/docs/a.txt", [1])).IsSuccess);

        var second = await _h.UploadAsync(alice, "/docs/a.txt", [2]);
        Assert.True(second.IsSuccess);
        Assert.False(second.Value.Created);

        var held = await _h.Locks.LockAsync(alice, P("/docs/a.txt"), new Depot.Core.Locks.LockRequest(Exclusive: true, Infinite: false, OwnerXml: null, Timeout: TimeSpan.FromMinutes(1)), default);
        Assert.True(held.IsSuccess);
        var refused = await _h.UploadAsync(alice, "/docs/a.txt", [3]);
        Assert.Equal(Depot.Protocol.ErrorCodes.Locked, refused.Error?.Code);
    }

    [Fact]
    public async Task A_small_file_kept_inline_is_downloaded_with_its_lookup_in_one_round_trip()
    {
        var alice = await _h.CreateUserAsync();
        var content = "small enough for the metadata store"u8.ToArray();
        Assert.True((await _h.UploadAsync(alice, "/docs/small.txt", content)).IsSuccess);

        byte[] read = [];
        var sent = await CountRoundTripsAsync(async () => read = await _h.ReadAsync(alice, "/docs/small.txt"));

        // The walk, with the content joined to the file's current version: no second query for the content.
        Assert.Equal(content, read);
        Assert.True(sent.Count == 1, string.Join("\n", sent));
    }

    private Task<IReadOnlyList<string>> CountRoundTripsAsync(Func<Task> action) => NpgsqlCommands.SentAsync(_h.Database, action);
}
