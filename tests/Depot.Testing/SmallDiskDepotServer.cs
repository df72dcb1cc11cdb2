using Xunit;

namespace Depot.Testing;

/// <summary>
/// A server whose data folder is a tmpfs of <see cref="Size"/> bytes the fixture mounts itself, so a test can fill the
/// disk for real. Needs root (see <see cref="RootFactAttribute"/>); without it the fixture does nothing and the
/// tests that use it are skipped.
/// </summary>
public sealed class SmallDiskDepotServer : DepotServer, IAsyncLifetime
{
    // Room for the database, its WAL and a few small files; the rest is taken by a filler file when a test wants it.
    public const long Size = 32L * 1024 * 1024;

    private readonly TmpfsMount? _mount;

    public SmallDiskDepotServer()
    {
        if (TmpfsMount.CanMount)
        {
            _mount = TmpfsMount.Mount(DataPath, Size);
        }
    }

    /// <summary>Where a test puts its filler file: on the same file system as the data, outside Depot's own folders.</summary>
    public string FillerPath => Path.Combine(DataPath, "filler.bin");

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (_mount is not null)
        {
            await InitializeAsync();
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_mount is not null)
        {
            await DisposeAsync();
        }
    }

    // The disk under test holds the metadata too (SQLite's WAL on the full disk is the hard case), so this server stays
    // on SQLite even when DEPOT_TEST_METADATA=postgres; PostgreSQL's own disk-full path needs a test of its own.
    protected override IEnumerable<string> ExtraArguments => ["--Depot:Metadata:Provider=sqlite"];

    protected override void OnStopped() => _mount?.Dispose();
}
