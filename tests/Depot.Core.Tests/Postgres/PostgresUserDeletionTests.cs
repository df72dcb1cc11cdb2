using Dapper;
using Depot.Core.Data;
using Depot.Core.Tests.Files;
using Npgsql;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// Deleting a user while another node creates that user's root lazily (<c>SqlFileSession.EnsureRootAsync</c>, one
/// statement that locks the user's row FOR KEY SHARE and then inserts the root). The test holds that statement's two
/// steps apart on its own connection, so the one interleaving that deadlocked (the deletion had deleted the old root and
/// waited for the user's row, while the insert held that row and waited for the deleted root) happens every time
/// instead of once in several CI runs.
/// </summary>
public sealed class PostgresUserDeletionTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    public async Task InitializeAsync() => _h = await CreateAsync(MetadataBackend.Postgres);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_deletion_waits_for_a_root_insert_that_holds_the_users_row_and_neither_deadlocks()
    {
        var user = await _h.CreateUserAsync();
        Assert.True((await _h.UploadAsync(user, "/a.txt", [1])).IsSuccess);
        await using var creator = new NpgsqlConnection(ConnectionString);
        await creator.OpenAsync();
        var rootId = await creator.ExecuteScalarAsync<string>(
            "SELECT id FROM nodes WHERE owner_id = @UserId AND parent_id IS NULL", user);

        await creator.ExecuteAsync("BEGIN; SELECT 1 FROM users WHERE id = @UserId FOR KEY SHARE", user);
        var deletion = Task.Run(() => _h.Accounts.DeleteUserAsync(user.UserId, default));
        await LockWaiters.WaitForAsync(ConnectionString, 1, "The deletion never waited for the user's row.");
        var inserted = await creator.ExecuteAsync(
            "INSERT INTO nodes (id, owner_id, parent_id, name, name_key, kind, size, created_at, modified_at, revision) " +
            "VALUES (@rootId, @UserId, NULL, '', '', 0, 0, 0, 0, 0) ON CONFLICT (id) DO NOTHING",
            new { rootId, user.UserId });
        await creator.ExecuteAsync("COMMIT");
        await deletion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, inserted); // the deletion had not begun: the root was still there
        Assert.Equal(0, await _h.CountAsync($"SELECT COUNT(*) FROM users WHERE id = '{user.UserId}'"));
        Assert.Equal(0, await _h.CountAsync($"SELECT COUNT(*) FROM nodes WHERE owner_id = '{user.UserId}'"));
    }

    private string ConnectionString => ((PostgresDatabase)_h.Database).ConnectionString;
}
