using Dapper;
using Npgsql;

namespace Depot.Core.Tests.Postgres;

/// <summary>Sessions of one test database waiting for a lock, as <c>pg_stat_activity</c> shows them.</summary>
internal static class LockWaiters
{
    /// <summary>Returns once at least <paramref name="count"/> sessions wait for a lock; fails with <paramref name="never"/> after 20 s.</summary>
    public static async Task WaitForAsync(string connectionString, int count, string never)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await connection.ExecuteScalarAsync<long>(
                   "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, never);
            await Task.Delay(20);
        }
    }
}
