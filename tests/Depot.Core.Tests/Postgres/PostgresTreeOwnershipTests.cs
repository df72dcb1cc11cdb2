using System.Diagnostics;
using System.Text;
using Dapper;
using Depot.Core.Access;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Core.Tests.Files;
using Depot.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// Two nodes on one PostgreSQL database, each with its own pool, listening connection and file store (TreeOwnership):
/// a node that owns a tree answers its walks from memory, and every write to the tree, on either node, first makes it
/// let go, so a read after a write always sees the write.
/// </summary>
public sealed class PostgresTreeOwnershipTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _listeners = [];
    private FilesHarness _harness = null!;
    private PostgresClusterSignal _signalA = null!;
    private PostgresClusterSignal _signalB = null!;
    private FilesHarness _a = null!;
    private FilesHarness _b = null!;

    public async Task InitializeAsync()
    {
        _harness = await FilesHarness.CreateAsync(MetadataBackend.Postgres);
        var databaseA = (PostgresDatabase)MetadataBackend.Postgres.OpenAgain(_harness.Database);
        var databaseB = (PostgresDatabase)MetadataBackend.Postgres.OpenAgain(_harness.Database);
        _signalA = new PostgresClusterSignal(databaseA, TimeProvider.System, NullLogger<PostgresClusterSignal>.Instance);
        _signalB = new PostgresClusterSignal(databaseB, TimeProvider.System, NullLogger<PostgresClusterSignal>.Instance);
        _a = _harness.Node(databaseA, _signalA);
        _b = _harness.Node(databaseB, _signalB);
        _listeners.Add(_signalA.RunAsync(_stop.Token));
        _listeners.Add(_signalB.RunAsync(_stop.Token));
        await WaitUntilAsync(() => _signalA.Listening && _signalB.Listening);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_listeners).WaitAsync(Patience);
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _harness.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task A_node_that_owns_a_tree_answers_its_walks_without_the_database()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");

        // Behind every lock's back (no write does this): the owner does not see it, the other node does.
        await RenameBehindTheLocksAsync(alice, "a.txt", "hidden.txt");
        Assert.Equal("one", await ReadAsync(_a, alice, "/docs/a.txt"));
        Assert.False((await _b.Files.OpenReadAsync(alice, FilesHarness.P("/docs/a.txt"), null, default)).IsSuccess);
    }

    [Fact]
    public async Task A_write_on_the_other_node_makes_the_owner_let_go_and_the_owner_reads_it_next()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");

        var write = Stopwatch.StartNew();
        await UploadAsync(_b, alice, "/docs/a.txt", "two");
        Assert.True(write.Elapsed < TimeSpan.FromSeconds(5), $"the write waited {write.Elapsed} for the owner");

        Assert.Null(_signalA.Ownership.Serving(alice.UserId));
        Assert.Equal("two", await ReadAsync(_a, alice, "/docs/a.txt"));
    }

    [Fact]
    public async Task A_write_on_the_owning_node_itself_is_read_back_at_once()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");

        await UploadAsync(_a, alice, "/docs/a.txt", "two");
        Assert.NotNull(_signalA.Ownership.Serving(alice.UserId));   // an own write: not let go, its memory forgotten
        Assert.Equal("two", await ReadAsync(_a, alice, "/docs/a.txt"));
        Assert.True((await _a.Moves.MoveAsync(alice, FilesHarness.P("/docs/a.txt"), FilesHarness.P("/docs/b.txt"), overwrite: false, default)).IsSuccess);
        Assert.False((await _a.Files.OpenReadAsync(alice, FilesHarness.P("/docs/a.txt"), null, default)).IsSuccess);
        Assert.Equal("two", await ReadAsync(_a, alice, "/docs/b.txt"));
    }

    [Fact]
    public async Task New_files_uploaded_on_the_owning_node_keep_the_tree_and_are_read_from_memory_as_the_database_has_them()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");
        var owned = _signalA.Ownership.Serving(alice.UserId);

        await UploadAsync(_a, alice, "/docs/b.txt", "two");   // reads the folders on the way, and keeps them
        await UploadAsync(_a, alice, "/c.txt", "three");
        var sent = await NpgsqlCommands.SentAsync(_harness.Database, () => UploadAsync(_a, alice, "/docs/d.txt", "four"));

        // One round trip from memory (KnownFolders), with this node's key for the tree checked held, not its ownership key taken.
        Assert.Contains(sent, text => text.Contains(KnownFolders.OwnLockSql, StringComparison.Ordinal));
        Assert.Same(owned, _signalA.Ownership.Serving(alice.UserId));
        foreach (var path in new[] { "/docs/b.txt", "/docs/d.txt", "/docs", "/c.txt", "/", "/docs/a.txt" })
        {
            // Row for row as the other node reads them from the database: the folders' revisions moved.
            Assert.Equal(await StatAsync(_b, alice, path), await StatAsync(_a, alice, path));
        }

        Assert.Equal(await VersionAsync(_b, alice, "/docs/b.txt"), await VersionAsync(_a, alice, "/docs/b.txt"));

        // From memory: the owner does not see a rename made behind every lock's back.
        await RenameBehindTheLocksAsync(alice, "b.txt", "hidden.txt");
        await RenameBehindTheLocksAsync(alice, "d.txt", "hidden-d.txt");
        Assert.Equal("two", await ReadAsync(_a, alice, "/docs/b.txt"));
        Assert.Equal("four", await ReadAsync(_a, alice, "/docs/d.txt"));
        Assert.False((await _b.Files.OpenReadAsync(alice, FilesHarness.P("/docs/b.txt"), null, default)).IsSuccess);
    }

    [Fact]
    public async Task A_new_file_on_the_owning_node_ends_a_kept_miss_and_the_listings_that_no_longer_hold()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");
        for (var i = 0; i < 2; i++)
        {
            Assert.False((await _a.Files.OpenReadAsync(alice, FilesHarness.P("/docs/new.txt"), null, default)).IsSuccess);
            Assert.False((await _a.Files.GetAsync(alice, FilesHarness.P("/docs/new.txt/below"), default)).IsSuccess);
            Assert.Equal(["a.txt"], await ListAsync(_a, alice, "/docs"));
            Assert.Equal(["docs"], await ListAsync(_a, alice, "/"));
        }

        await UploadAsync(_a, alice, "/docs/new.txt", "new");

        Assert.NotNull(_signalA.Ownership.Serving(alice.UserId));
        Assert.Equal("new", await ReadAsync(_a, alice, "/docs/new.txt"));
        Assert.Equal(await StatAsync(_b, alice, "/docs/new.txt"), await StatAsync(_a, alice, "/docs/new.txt"));
        Assert.Equal(ErrorCodes.NotFound, (await _a.Files.GetAsync(alice, FilesHarness.P("/docs/new.txt/below"), default)).Error?.Code);
        Assert.Equal(["a.txt", "new.txt"], await ListAsync(_a, alice, "/docs"));
        Assert.Equal(await RevisionsAsync(_b, alice, "/"), await RevisionsAsync(_a, alice, "/"));
    }

    [Fact]
    public async Task Uploads_batched_on_the_other_node_into_several_owned_trees_all_commit_and_are_read_back()
    {
        var users = new[] { await _harness.CreateUserAsync(), await _harness.CreateUserAsync(), await _harness.CreateUserAsync() };
        foreach (var user in users)
        {
            await UploadAsync(_a, user, "/f0.txt", "old");
            await OwnAsync(_signalA, _a, user, "/f0.txt");
        }

        // Group commit on B takes several trees at once (TryLockEachAsync), each owned by A.
        await Task.WhenAll(users.SelectMany(user => Enumerable.Range(0, 8).Select(i => UploadAsync(_b, user, $"/f{i}.txt", $"new {i}"))));

        foreach (var user in users)
        {
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal($"new {i}", await ReadAsync(_a, user, $"/f{i}.txt"));
            }
        }
    }

    [Fact]
    public async Task A_folder_whose_files_are_read_one_after_another_is_read_ahead_and_writes_still_reach_the_owner()
    {
        var alice = await _harness.CreateUserAsync();
        for (var i = 0; i < 40; i++)
        {
            await UploadAsync(_a, alice, $"/many/f{i:D2}.txt", $"v{i}");
        }

        await OwnAsync(_signalA, _a, alice, "/many/f00.txt");
        Assert.Equal("v1", await ReadAsync(_a, alice, "/many/f01.txt"));   // the second miss in the folder
        await WaitUntilAsync(() => _signalA.Ownership.Serving(alice.UserId)?.Count >= 40);

        // Read ahead, so from memory: the owner does not see a rename made behind every lock's back.
        await RenameBehindTheLocksAsync(alice, "f39.txt", "x39.txt");
        Assert.Equal("v39", await ReadAsync(_a, alice, "/many/f39.txt"));

        await UploadAsync(_b, alice, "/many/f38.txt", "new");
        Assert.Equal("new", await ReadAsync(_a, alice, "/many/f38.txt"));
        Assert.False((await _a.Files.OpenReadAsync(alice, FilesHarness.P("/many/f39.txt"), null, default)).IsSuccess);
    }

    [Fact]
    public async Task A_listing_of_an_owned_folder_is_kept_until_a_write_on_either_node()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");
        Assert.Equal(["a.txt"], await ListAsync(_a, alice, "/docs"));
        Assert.Equal(1, _signalA.Ownership.Serving(alice.UserId)?.PageCount);

        await RenameBehindTheLocksAsync(alice, "a.txt", "hidden.txt");
        Assert.Equal(["a.txt"], await ListAsync(_a, alice, "/docs"));
        Assert.Equal(["hidden.txt"], await ListAsync(_b, alice, "/docs"));

        await UploadAsync(_b, alice, "/docs/b.txt", "two");
        Assert.Equal(["b.txt", "hidden.txt"], await ListAsync(_a, alice, "/docs"));
        await OwnAsync(_signalA, _a, alice, "/docs/b.txt");
        Assert.Equal(["b.txt", "hidden.txt"], await ListAsync(_a, alice, "/docs"));
        Assert.True((await _a.Folders.CreateAsync(alice, FilesHarness.P("/docs/sub"), parents: false, default)).IsSuccess);
        Assert.Equal(["b.txt", "hidden.txt", "sub"], await ListAsync(_a, alice, "/docs"));
    }

    [Fact]
    public async Task When_the_listening_connection_dies_the_node_stops_serving_and_reads_what_was_written_since()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");

        await using (var admin = new NpgsqlConnection(((PostgresDatabase)_harness.Database).ConnectionString))
        {
            await admin.ExecuteAsync(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name",
                new { name = PostgresClusterSignal.ApplicationName });
        }

        await WaitUntilAsync(() => !_signalA.Listening || _signalA.Ownership.Count == 0);
        Assert.Null(_signalA.Ownership.Serving(alice.UserId));
        await RenameBehindTheLocksAsync(alice, "a.txt", "hidden.txt");
        Assert.False((await _a.Files.OpenReadAsync(alice, FilesHarness.P("/docs/a.txt"), null, default)).IsSuccess);
    }

    [Fact]
    public async Task An_owner_that_never_lets_go_has_its_session_ended_after_the_grace_and_the_write_commits()
    {
        // A paused node: its listening session holds the tree's ownership lock and hears no request to let go.
        var alice = await _harness.CreateUserAsync();
        var stuck = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(((PostgresDatabase)_harness.Database).ConnectionString)
        {
            Pooling = false,
            ApplicationName = PostgresClusterSignal.ApplicationName,
        }.ConnectionString);
        await using (stuck)
        {
            await stuck.OpenAsync();
            await stuck.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = WriteScope.Tree(alice.UserId).OwnershipKey });

            var write = Stopwatch.StartNew();
            await UploadAsync(_b, alice, "/docs/a.txt", "one");
            Assert.InRange(write.Elapsed, OwnedTreeTakeover.OwnerGrace, OwnedTreeTakeover.OwnerGrace + TimeSpan.FromSeconds(5));
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => stuck.ExecuteScalarAsync<int>("SELECT 1"));
        }

        Assert.Equal("one", await ReadAsync(_a, alice, "/docs/a.txt"));
    }

    [Fact]
    public async Task A_damage_mark_made_on_the_other_node_reaches_the_owners_reads()
    {
        var alice = await _harness.CreateUserAsync();
        await UploadAsync(_a, alice, "/docs/a.txt", "one");
        await OwnAsync(_signalA, _a, alice, "/docs/a.txt");
        string blobId;
        await using (var connection = await _harness.Database.OpenAsync(default))
        {
            blobId = (await connection.ExecuteScalarAsync<string>(
                "SELECT v.blob_id FROM versions v JOIN nodes n ON n.current_version_id = v.id WHERE n.owner_id = @owner AND n.name = 'a.txt'",
                new { owner = alice.UserId }))!;
        }

        Assert.True(await new SqlBlobHealthStore(_b.Database).MarkDamagedAsync(blobId, 1, default));
        await WaitUntilAsync(() => _signalA.Ownership.Serving(alice.UserId) is null);
        var read = await _a.Files.OpenReadAsync(alice, FilesHarness.P("/docs/a.txt"), null, default);
        Assert.Equal(ErrorCodes.StorageDamaged, read.Error?.Code);
    }

    private static async Task UploadAsync(FilesHarness node, Caller caller, string path, string text) =>
        Assert.True((await node.UploadAsync(caller, path, Encoding.UTF8.GetBytes(text))).IsSuccess);

    private static async Task<string> ReadAsync(FilesHarness node, Caller caller, string path) =>
        Encoding.UTF8.GetString(await node.ReadAsync(caller, path));

    private static async Task<Node> StatAsync(FilesHarness node, Caller caller, string path)
    {
        var found = await node.Files.GetAsync(caller, FilesHarness.P(path), default);
        Assert.True(found.IsSuccess, found.Error?.Detail);
        return found.Value.Node;
    }

    // The current version a download finds, and its content.
    private static async Task<(FileVersion Version, string Content)> VersionAsync(FilesHarness node, Caller caller, string path)
    {
        var found = await node.Files.OpenReadAsync(caller, FilesHarness.P(path), null, default);
        Assert.True(found.IsSuccess, found.Error?.Detail);
        await using var content = found.Value.Content;
        using var reader = new StreamReader(content, Encoding.UTF8);
        return (found.Value.Version with { InlineContent = null }, await reader.ReadToEndAsync());
    }

    // The listing's entries with their revisions, which a folder's touches move.
    private static async Task<string[]> RevisionsAsync(FilesHarness node, Caller caller, string path)
    {
        var page = await node.Folders.ListAsync(caller, FilesHarness.P(path), new ListRequest(), default);
        Assert.True(page.IsSuccess, page.Error?.Detail);
        return [.. page.Value.Items.Select(i => $"{i.Node.Name} {i.Node.Revision} {i.Node.ModifiedAt}").Order(StringComparer.Ordinal)];
    }

    private static async Task<string[]> ListAsync(FilesHarness node, Caller caller, string path)
    {
        var page = await node.Folders.ListAsync(caller, FilesHarness.P(path), new ListRequest(), default);
        Assert.True(page.IsSuccess, page.Error?.Detail);
        return [.. page.Value.Items.Select(i => i.Node.Name).Order(StringComparer.Ordinal)];
    }

    // Reads until the node owns the tree, then once more so the walk is kept.
    private static async Task OwnAsync(PostgresClusterSignal signal, FilesHarness node, Caller caller, string path)
    {
        await WaitUntilAsync(async () =>
        {
            await node.ReadAsync(caller, path);
            return signal.Ownership.Serving(caller.UserId) is not null;
        });
        await node.ReadAsync(caller, path);
    }

    private async Task RenameBehindTheLocksAsync(Caller owner, string from, string to)
    {
        await using var connection = await _harness.Database.OpenAsync(default);
        Assert.Equal(1, await connection.ExecuteAsync(
            "UPDATE nodes SET name = @to, name_key = upper(@to) WHERE owner_id = @owner AND name = @from",
            new { owner = owner.UserId, from, to }));
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Patience, "not within " + Patience);
            await Task.Delay(20);
        }
    }
}
