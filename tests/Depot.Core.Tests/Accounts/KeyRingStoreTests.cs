using Depot.Core.Accounts;
using Depot.Core.Data;

namespace Depot.Core.Tests.Accounts;

/// <summary>
/// The data-protection key ring's store (issue 9, point 12), run against every metadata backend: keys written by
/// concurrent writers (nodes creating keys at the same moment) are all kept, unchanged, and read back oldest first.
/// </summary>
public abstract class KeyRingStoreTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-keyring-");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), tick: false);
    private IDatabase _database = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync()
    {
        _database = Backend.Create(_folder);
        await new Migrator(_database, _clock).MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        (_database as IDisposable)?.Dispose();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keys_added_at_once_by_several_writers_are_all_kept_unchanged()
    {
        var store = new SqlKeyRingStore(_database, _clock);
        var keys = Enumerable.Range(0, 16).Select(i => $"<key id=\"{i:00}\"><secret>ünïcode &amp; {i}</secret></key>").ToArray();

        await Task.WhenAll(keys.Select((xml, i) => Task.Run(() => store.AddAsync($"key-{i:00}", xml, CancellationToken.None))));

        var stored = await store.ListAsync(CancellationToken.None);
        Assert.Equal(keys.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Keys_are_listed_oldest_first()
    {
        var store = new SqlKeyRingStore(_database, _clock);
        await store.AddAsync("z-first", "<key>first</key>", CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(90));
        await store.AddAsync("a-second", "<key>second</key>", CancellationToken.None);

        Assert.Equal(["<key>first</key>", "<key>second</key>"], await store.ListAsync(CancellationToken.None));
    }
}
