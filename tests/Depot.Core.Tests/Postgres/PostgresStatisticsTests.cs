using System.Text.Json;
using Dapper;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Tests.Files;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// Plans that survive a table's growth from empty (a new installation's first bulk upload): the path walk stays index
/// lookups under a plan made while the tree was nearly empty, and <see cref="PostgresStatistics"/> analyses what grew.
/// PostgreSQL's alone: SQLite plans from its own heuristics and keeps no statistics unless asked.
/// </summary>
public sealed class PostgresStatisticsTests : IAsyncLifetime
{
    private const int Grown = 20_000;
    private FilesHarness _h = null!;

    public async Task InitializeAsync() => _h = await CreateAsync(MetadataBackend.Postgres);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_walk_planned_while_the_tree_was_nearly_empty_stays_index_lookups_after_it_grew()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a.txt", [1]);
        await using var connection = await _h.Database.OpenAsync(default);
        // As Npgsql's auto-prepare does: a server-side prepared statement, run until PostgreSQL settles on a generic plan.
        var walk = WalkSql.FromRoot(1, postgres: true).Replace("@userId", "$1", StringComparison.Ordinal).Replace("@k0", "$2", StringComparison.Ordinal);
        await connection.ExecuteAsync($"PREPARE walk(text, text) AS {walk}");
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(2, (await connection.QueryAsync($"EXECUTE walk('{alice.UserId}', 'A.TXT')")).Count());
        }

        await GrowAsync(alice);
        var plan = await connection.ExecuteScalarAsync<string>($"EXPLAIN (FORMAT JSON) EXECUTE walk('{alice.UserId}', 'A.TXT')");

        Assert.DoesNotContain(ScannedWhole(plan!), table => table is "nodes" or "versions");
    }

    [Fact]
    public async Task The_change_feeds_chain_query_stays_index_lookups_in_a_generic_plan_over_a_grown_analysed_tree()
    {
        var alice = await _h.CreateUserAsync();
        var uploaded = await _h.UploadAsync(alice, "/a.txt", [1]);
        await GrowAsync(alice);
        await using var connection = await _h.Database.OpenAsync(default);
        await connection.ExecuteAsync("ANALYZE nodes");
        // A generic plan, as auto-prepared statements settle on: it guesses a thousand chain rows for a few ids, and a
        // join of those with nodes after the recursion was a hash join over all of nodes (9 ms a commit at 16,000 nodes).
        await connection.ExecuteAsync("SET plan_cache_mode = force_generic_plan");
        await connection.ExecuteAsync($"PREPARE chain(text[]) AS {Depot.Core.Changes.ChangeRecorder.ChainSql(connection).Replace("@Chunk", "$1", StringComparison.Ordinal)}");
        var ids = $"ARRAY['{uploaded.Value.Entry.Node.Id}', 'grown-1', 'grown-2']";
        Assert.Equal(4, (await connection.QueryAsync($"EXECUTE chain({ids})")).Count());   // each file, then their root once

        var plan = await connection.ExecuteScalarAsync<string>($"EXPLAIN (FORMAT JSON) EXECUTE chain({ids})");

        Assert.DoesNotContain(ScannedWhole(plan!), table => table is "nodes");
    }

    [Fact]
    public async Task A_table_is_analysed_once_it_doubled_since_its_last_analysis_and_not_before()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/a.txt", [1]);
        await using (var setup = await _h.Database.OpenAsync(default))
        {
            // Autovacuum may analyse the grown table first on its own schedule, and leave nothing for this test to see.
            await setup.ExecuteAsync("ALTER TABLE nodes SET (autovacuum_enabled = false)");
        }

        var statistics = new PostgresStatistics(_h.Database);
        await statistics.RefreshAsync(default);   // whatever the set-up itself changed

        await GrowAsync(alice);
        Assert.Contains("nodes", await statistics.RefreshAsync(default));
        Assert.DoesNotContain("nodes", await statistics.RefreshAsync(default));
        await using var connection = await _h.Database.OpenAsync(default);
        Assert.True(await connection.ExecuteScalarAsync<bool>(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'nodes' AND schemaname = current_schema()"));

        // Half as many again: the statistics are at most a third off, and no plan turns on that.
        await GrowAsync(alice, Grown / 2, from: Grown + 1);
        Assert.DoesNotContain("nodes", await statistics.RefreshAsync(default));

        // Past twice the rows of the last ANALYZE.
        await GrowAsync(alice, Grown / 2 + 100, from: Grown + Grown / 2 + 1);
        Assert.Contains("nodes", await statistics.RefreshAsync(default));
    }

    [Fact]
    public async Task Small_files_content_is_left_to_autovacuum()
    {
        // Read by key alone, and an ANALYZE of it reads a page a row: it grew far past double, and is not analysed.
        await using var connection = await _h.Database.OpenAsync(default);
        await connection.ExecuteAsync("ALTER TABLE blob_contents SET (autovacuum_enabled = false); ALTER TABLE blobs SET (autovacuum_enabled = false)");
        var statistics = new PostgresStatistics(_h.Database);
        await statistics.RefreshAsync(default);
        await connection.ExecuteAsync(
            "INSERT INTO blobs (id, size, sha256, created_at) SELECT 'grown-' || i, 1, 'x', 0 FROM generate_series(1, @Grown) i; " +
            "INSERT INTO blob_contents (blob_id, content) SELECT 'grown-' || i, '\\x01' FROM generate_series(1, @Grown) i",
            new { Grown });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await connection.ExecuteScalarAsync<long?>(
                   "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'blob_contents' AND schemaname = current_schema()") < Grown
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        var analysed = await statistics.RefreshAsync(default);

        Assert.Contains("blobs", analysed);
        Assert.DoesNotContain("blob_contents", analysed);
    }

    // Many files in the caller's root (grown-{from} on), written straight into the table: fast, and no ANALYZE happens
    // on the way.
    private async Task GrowAsync(Access.Caller owner, int count = Grown, int from = 1)
    {
        await using var connection = await _h.Database.OpenAsync(default);
        var rootId = await connection.ExecuteScalarAsync<string>("SELECT root_id FROM users WHERE id = @UserId", new { owner.UserId });
        var changedBefore = await connection.ExecuteScalarAsync<long>(
            "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'nodes' AND schemaname = current_schema()");
        await connection.ExecuteAsync(
            "INSERT INTO nodes (id, owner_id, parent_id, name, name_key, kind, size, created_at, modified_at, revision) " +
            "SELECT 'grown-' || i, @UserId, @rootId, 'f' || i, 'F' || i, 1, 0, 0, 0, 0 FROM generate_series(@from, @last) i",
            new { owner.UserId, rootId, from, last = from + count - 1 });
        // Statistics counters reach pg_stat_user_tables when the writing session reports them: at most every second
        // while it is idle, later on a busy machine. Wait for them, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await connection.ExecuteScalarAsync<long?>(
                   "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'nodes' AND schemaname = current_schema()") < changedBefore + count
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    // The tables a plan reads whole (a sequential scan, or an index scan with no condition).
    private static IEnumerable<string> ScannedWhole(string json)
    {
        var stack = new Stack<JsonElement>([JsonDocument.Parse(json).RootElement[0].GetProperty("Plan")]);
        while (stack.TryPop(out var node))
        {
            var type = node.GetProperty("Node Type").GetString();
            if (type == "Seq Scan" || (type is "Index Scan" or "Index Only Scan" && !node.TryGetProperty("Index Cond", out _)))
            {
                yield return node.GetProperty("Relation Name").GetString()!;
            }

            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    stack.Push(child);
                }
            }
        }
    }
}
