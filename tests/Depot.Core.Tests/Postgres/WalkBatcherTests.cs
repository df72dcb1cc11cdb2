using System.Diagnostics.Metrics;
using System.Text;
using Dapper;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Tests.Files;
using Npgsql;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// Path walks of PostgreSQL read sessions share round trips (<see cref="WalkBatcher"/>): walks asked while the batches
/// in flight are busy go out together, each gets its own answer, none is read before it was asked, and a walker that
/// gives up costs its batch-mates nothing. The batches are held in flight by a lock on <c>users</c>, which every walk
/// from the root reads first.
/// </summary>
public sealed class WalkBatcherTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    public async Task InitializeAsync() => _h = await CreateAsync(MetadataBackend.Postgres);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Walks_asked_while_the_batches_in_flight_are_busy_go_out_together_and_each_gets_its_own_answer()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        for (var i = 0; i < 30; i++)
        {
            Assert.True((await _h.UploadAsync(alice, $"/docs/f{i}.txt", Encoding.UTF8.GetBytes($"alice {i}"))).IsSuccess);
        }

        Assert.True((await _h.UploadAsync(bob, "/docs/f0.txt", Encoding.UTF8.GetBytes("bob 0"))).IsSuccess);

        var sizes = new List<int>();
        using var listener = BatchSizes(sizes);
        Task<byte[]>[] busy;
        var queued = new List<(string Expected, Task<byte[]> Read)>();
        await using (var block = await BlockWalksAsync())
        {
            busy = [.. Enumerable.Range(0, WalkBatcher.MaxInFlight).Select(i => _h.ReadAsync(alice, $"/docs/f{i}.txt"))];
            await LockWaiters.WaitForAsync(ConnectionString, WalkBatcher.MaxInFlight, "The walks never reached the lock.");

            // Each of these is queued by the time the call returns: nothing before the walk waits.
            for (var i = 0; i < 30; i++)
            {
                queued.Add(($"alice {i}", _h.ReadAsync(alice, $"/docs/f{i}.txt")));
            }

            for (var i = 0; i < 10; i++)
            {
                queued.Add(("alice 0", _h.ReadAsync(alice, "/docs/f0.txt")));   // one statement for all of them
            }

            queued.Add(("bob 0", _h.ReadAsync(bob, "/docs/f0.txt")));   // the same keys from another root
            Assert.All(queued, q => Assert.False(q.Read.IsCompleted));
        }

        for (var i = 0; i < busy.Length; i++)
        {
            Assert.Equal($"alice {i}", Encoding.UTF8.GetString(await busy[i]));
        }

        foreach (var (expected, read) in queued)
        {
            Assert.Equal(expected, Encoding.UTF8.GetString(await read));
        }

        lock (sizes)
        {
            Assert.Contains(queued.Count, sizes);   // the first batch back took every queued walk with it
        }
    }

    [Fact]
    public async Task Walks_of_files_in_one_batch_each_get_what_their_own_walk_finds()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/docs/a.txt", "a"u8.ToArray())).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/docs/b.txt", "b"u8.ToArray())).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/docs/gone.txt", "g"u8.ToArray())).IsSuccess);
        Assert.True((await _h.Files.DeleteAsync(alice, P("/docs/gone.txt"), WritePreconditions.None, default)).IsSuccess);
        Assert.True((await _h.UploadAsync(alice, "/other/a.txt", "other a"u8.ToArray())).IsSuccess);

        Task<byte[]>[] busy;
        var queued = new List<(string Path, Task<Result<FileDownload>> Read)>();
        await using (var block = await BlockWalksAsync())
        {
            busy = [.. Enumerable.Range(0, WalkBatcher.MaxInFlight).Select(_ => _h.ReadAsync(alice, "/docs/a.txt"))];
            await LockWaiters.WaitForAsync(ConnectionString, WalkBatcher.MaxInFlight, "The walks never reached the lock.");
            foreach (var path in new[] { "/docs/a.txt", "/docs/b.txt", "/docs/missing.txt", "/docs/gone.txt", "/nowhere/a.txt", "/other/a.txt", "/docs/b.txt" })
            {
                queued.Add((path, _h.Files.OpenReadAsync(alice, P(path), null, default)));
            }
        }

        Assert.All(await Task.WhenAll(busy), content => Assert.Equal("a"u8.ToArray(), content));
        var contents = new Dictionary<string, string?>();
        foreach (var (path, read) in queued)
        {
            var download = await read;
            await using var content = download.IsSuccess ? download.Value.Content : null;
            contents[path] = content is null ? download.Error!.Code : new StreamReader(content).ReadToEnd();
        }

        Assert.Equal("a", contents["/docs/a.txt"]);
        Assert.Equal("b", contents["/docs/b.txt"]);
        Assert.Equal("other a", contents["/other/a.txt"]);
        Assert.Equal(Depot.Protocol.ErrorCodes.NotFound, contents["/docs/missing.txt"]);
        Assert.Equal(Depot.Protocol.ErrorCodes.NotFound, contents["/docs/gone.txt"]);   // in the trash: not a live child
        Assert.Equal(Depot.Protocol.ErrorCodes.NotFound, contents["/nowhere/a.txt"]);
    }

    [Fact]
    public async Task A_walk_asked_after_a_write_was_acknowledged_sees_it_on_either_node()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/v.txt", "0"u8.ToArray())).IsSuccess);
        await using var second = _h.SecondNode();
        var acknowledged = 0;
        using var stop = new CancellationTokenSource();

        async Task<int> ReadLoopAsync(FilesHarness node)
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var floor = Volatile.Read(ref acknowledged);
                var seen = int.Parse(Encoding.UTF8.GetString(await node.ReadAsync(alice, "/v.txt")));
                Assert.True(seen >= floor, $"Read version {seen} after version {floor} was acknowledged.");
                reads++;
            }

            return reads;
        }

        var readers = Enumerable.Range(0, 8).Select(i => Task.Run(() => ReadLoopAsync(i % 2 == 0 ? _h : second))).ToArray();
        for (var version = 1; version <= 60; version++)
        {
            Assert.True((await _h.UploadAsync(alice, "/v.txt", Encoding.UTF8.GetBytes($"{version}"))).IsSuccess);
            Volatile.Write(ref acknowledged, version);
        }

        await stop.CancelAsync();
        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));
    }

    [Fact]
    public async Task A_walker_that_gives_up_leaves_its_batch_mates_their_answers()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/a.txt", "a"u8.ToArray())).IsSuccess);
        using var giveUp = new CancellationTokenSource();
        Task<byte[]>[] busy;
        Task<Result<FileDownload>> abandoned;
        Task<byte[]> mate;
        await using (var block = await BlockWalksAsync())
        {
            busy = [.. Enumerable.Range(0, WalkBatcher.MaxInFlight).Select(_ => _h.ReadAsync(alice, "/a.txt"))];
            await LockWaiters.WaitForAsync(ConnectionString, WalkBatcher.MaxInFlight, "The walks never reached the lock.");
            abandoned = _h.Files.OpenReadAsync(alice, P("/a.txt"), null, giveUp.Token);
            mate = _h.ReadAsync(alice, "/a.txt");
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        Assert.All(await Task.WhenAll(busy), content => Assert.Equal("a"u8.ToArray(), content));
        Assert.Equal("a"u8.ToArray(), await mate);
        Assert.Equal("a"u8.ToArray(), await _h.ReadAsync(alice, "/a.txt"));
    }

    [Fact]
    public async Task A_request_holding_a_connection_may_not_wait_for_a_batch_of_walks()
    {
        var alice = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(alice, "/a.txt", "a"u8.ToArray())).IsSuccess);
        using var watch = ConnectionUse.Watch();
        await using (await _h.Database.OpenAsync(default))
        {
            var waiting = await Assert.ThrowsAsync<InvalidOperationException>(() => _h.ReadAsync(alice, "/a.txt"));
            Assert.Contains("path walks", waiting.Message);
        }

        Assert.Equal("a"u8.ToArray(), await _h.ReadAsync(alice, "/a.txt"));
    }

    private static MeterListener BatchSizes(List<int> sizes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "depot.walk_batch.size")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (sizes)
            {
                sizes.Add(size);
            }
        });
        listener.Start();
        return listener;
    }

    // A transaction holding users' strongest lock until disposed: every walk from the root waits at its first row.
    private async Task<NpgsqlConnection> BlockWalksAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
        return connection;
    }

    private string ConnectionString => ((PostgresDatabase)_h.Database).ConnectionString;
}
