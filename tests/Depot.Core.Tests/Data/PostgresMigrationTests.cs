using Dapper;
using Depot.Core.Data;
using Depot.Testing;

namespace Depot.Core.Tests.Data;

/// <summary>Several nodes starting together against one PostgreSQL database migrate it once (the migrator's advisory lock).</summary>
public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task Nodes_starting_together_apply_each_migration_once()
    {
        var connectionString = PostgresServer.Shared.CreateDatabase("migrate");
        var nodes = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(connectionString)).ToList();
        try
        {
            // Four pools, as four processes would have; the barrier lines them up so they really race.
            using var barrier = new Barrier(nodes.Count);
            var applied = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
            {
                barrier.SignalAndWait(TimeSpan.FromSeconds(30));
                return await new Migrator(node, TimeProvider.System).MigrateAsync(CancellationToken.None);
            })));

            await using var connection = await nodes[0].OpenAsync(CancellationToken.None);
            var recorded = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations");
            Assert.True(recorded > 0);
            Assert.Equal(recorded, applied.Sum());
            Assert.Equal(1, applied.Count(a => a > 0));
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }
}
