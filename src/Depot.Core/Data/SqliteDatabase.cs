using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Data;

/// <summary>
/// The embedded metadata store: one SQLite file in the data folder, in WAL mode with
/// <c>synchronous=FULL</c> so a committed transaction survives power loss (nothing is acknowledged
/// before it is durable), and foreign keys enforced.
/// <para>
/// Connections come from a pool of its own rather than Microsoft.Data.Sqlite's, because that one finalises every
/// prepared statement whenever a connection goes back to it, so each query paid for parsing and planning its SQL
/// again: 20–50 µs a statement, more than running it, and most of a small download's metadata time. Here a
/// physical connection stays open and keeps its statements prepared (<see cref="SqlitePhysicalConnection"/>).
/// Still so in Microsoft.Data.Sqlite 11.0.0 (measured against 6.0.7 when upgrading, see docs/architecture.md).
/// </para>
/// </summary>
public sealed class SqliteDatabase : IDatabase, IDisposable
{
    /// <summary>
    /// Each connection's page cache, in KiB (<c>PRAGMA cache_size</c>). SQLite's own default is 2,000 KiB per
    /// connection; Depot keeps up to <see cref="MaxIdle"/> connections open, so that was up to 32 MB of native memory
    /// holding copies of pages the kernel's page cache holds anyway. A page missing here costs one <c>pread</c> from
    /// the page cache, not a disk read.
    /// </summary>
    public const int DefaultCacheKiB = 512;

    // More than the concurrent requests that hold a connection at once on a small server; beyond it, a returned
    // connection is closed rather than kept (each keeps a page cache, see DefaultCacheKiB).
    private const int MaxIdle = 16;

    private static readonly object InitLock = new();
    private static bool _initialised;
    private readonly string _connectionString;
    private readonly int _cacheKiB;
    private readonly Lock _lock = new();
    private readonly Stack<SqlitePhysicalConnection> _idle = new();
    private bool _disposed;

    /// <param name="path">The database file.</param>
    /// <param name="cacheKiB">Each connection's page cache in KiB (see <see cref="DefaultCacheKiB"/>).</param>
    public SqliteDatabase(string path, int cacheKiB = DefaultCacheKiB)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cacheKiB);
        _cacheKiB = cacheKiB;
        InitialiseNative();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,   // pooled here, see above
            // Writers queue on SQLite's lock rather than fail: 30 s outlasts any single metadata transaction.
            DefaultTimeout = 30,
        }.ToString();
        Path = path;
    }

    public string Path { get; }

    /// <summary>Loads the native SQLite library once per process; also for connections opened outside this pool.</summary>
    internal static void InitialiseNative()
    {
        lock (InitLock)
        {
            if (!_initialised)
            {
                // SQLitePCLRaw 3.x: Batteries_V2 ships in SQLitePCLRaw.config.e_sqlite3 (the bundle brings it) and loads
                // e_sqlite3 from the package named SQLite.
                SQLitePCL.Batteries_V2.Init();
                UseMultiThreadMode();
                _initialised = true;
            }
        }
    }

    /// <summary>
    /// SQLite's multi-thread mode: no mutex around each call on a connection. e_sqlite3 is built serialized, so every
    /// call (each column read, each bound parameter) locked and unlocked its connection's mutex: 10.6% of the CPU of an
    /// allprop PROPFIND of 5,000 entries (bench/README.md). Safe because a connection and its statements are only ever
    /// used by one flow at a time: Depot's pool hands a physical connection to one caller, and every statement on it
    /// belongs to a command the connection itself holds and disposes (<see cref="SqlitePhysicalConnection"/>), so none
    /// is finalized by the garbage collector on another thread while the connection is in use. Connections opened
    /// outside the pool (backups, the metadata copy) are each used by one flow too. SQLite's global state (its page
    /// cache and allocator) keeps its own mutexes in this mode. Set before SQLite initialises, that is before the first
    /// connection opens; should SQLite already be initialised (another library opened a connection first), it stays
    /// serialized, which is only slower.
    /// </summary>
    private static void UseMultiThreadMode() => _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);

    public string TableExistsSql => "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @table)";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SqlitePhysicalConnection? physical = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _idle.TryPop(out physical);
        }

        physical ??= await SqlitePhysicalConnection.OpenAsync(_connectionString, _cacheKiB, cancellationToken);
        var connection = new PooledSqliteConnection(physical, Return);
        ConnectionUse.Opened(connection);
        return connection;
    }

    public bool SingleWriter => true;

    // Microsoft.Data.Sqlite starts IMMEDIATE transactions unless deferred is asked for: the one write lock covers every
    // scope, so there is nothing more to take.
    public async Task<DbTransaction> BeginWriteAsync(
        DbConnection connection, IReadOnlyCollection<WriteScope> scopes, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public Task LockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> TryLockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlySet<WriteScope>> TryLockEachAsync(DbTransaction transaction, IReadOnlyList<WriteScope> scopes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<WriteScope>>(scopes.ToHashSet());

    public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    /// <summary>Closes the idle connections; connections still in use close when they are returned.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryPop(out var physical))
            {
                physical.Dispose();
            }
        }
    }

    private void Return(SqlitePhysicalConnection physical)
    {
        // A connection still inside a transaction (its owner never ended it) is closed, which rolls it back; one on
        // which a statement or transaction failed is closed too (issue 9: a full disk once poisoned the pool for good).
        if (physical.IsReusable)
        {
            lock (_lock)
            {
                if (!_disposed && _idle.Count < MaxIdle)
                {
                    _idle.Push(physical);
                    return;
                }
            }
        }

        physical.Dispose();
    }

    // One data folder is one process's (StartupPreflight's data-folder lock), and each migration runs in an IMMEDIATE
    // transaction: nothing to take.
    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
