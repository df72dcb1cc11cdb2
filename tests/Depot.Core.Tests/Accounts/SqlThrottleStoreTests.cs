using Dapper;
using Depot.Core.Accounts;
using Depot.Core.Data;

namespace Depot.Core.Tests.Accounts;

/// <summary>The throttle over the shared counts in the metadata store, run against every metadata backend.</summary>
public abstract class SqlThrottleStoreTests : SecretThrottleTests
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-throttle-");
    private readonly List<IDatabase> _databases = [];

    protected abstract MetadataBackend Backend { get; }

    protected override async Task<IThrottleStore> CreateStoreAsync()
    {
        var database = Backend.Create(_folder);
        _databases.Add(database);
        await new Migrator(database, Clock).MigrateAsync(CancellationToken.None);
        return new SqlThrottleStore(database);
    }

    protected override IThrottleStore OtherNode(IThrottleStore store)
    {
        var again = Backend.OpenAgain(_databases[0]);
        _databases.Add(again);
        return new SqlThrottleStore(again);
    }

    public override Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            (database as IDisposable)?.Dispose();
        }

        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rows_whose_window_has_passed_are_pruned_on_the_failure_path()
    {
        var store = new SqlThrottleStore(_databases[0]);
        var now = Clock.GetUtcNow();
        for (var i = 0; i < 100; i++)
        {
            await store.AddFailureAsync([$"address:old-{i}"], now, Options.Window, default);
        }

        // A later window: enough failures on fresh keys to pass the pruning interval, whatever the counter stands at.
        var later = now + Options.Window + TimeSpan.FromMinutes(1);
        for (var i = 0; i < 300; i++)
        {
            await store.AddFailureAsync([$"address:new-{i % 10}"], later, Options.Window, default);
        }

        await using var db = await _databases[0].OpenAsync(default);
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM secret_failures WHERE name LIKE 'address:old-%'"));
        Assert.Equal(10, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM secret_failures"));
    }
}
