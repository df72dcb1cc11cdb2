using System.Collections.Concurrent;
using System.Globalization;
using Depot.Core.Data;
using Npgsql;

namespace Depot.Core.Files;

/// <summary>
/// Which users' trees this node owns on PostgreSQL, so it may answer their path walks from memory (<see cref="OwnedTree"/>;
/// docs/architecture.md, "Tree ownership"). A node owns a tree while its listening connection holds the session-level
/// advisory lock <see cref="WriteScope.OwnershipKey"/>; every writer to the tree, on any node, takes that key after the
/// tree's own, so no write to an owned tree commits. A writer that finds it held asks the owner to let go
/// (<see cref="PostgresDatabase.OwnershipReleaseChannel"/>) and waits; the owner stops serving, then unlocks. Taking
/// ownership needs the tree's lock too, so it never happens while a writer is inside the tree.
/// <para>
/// Every statement runs on the cluster signal's listening connection (<see cref="Cluster.PostgresClusterSignal"/>), so
/// the locks die with it: when it fails, <see cref="Lost"/> ends every owned tree at once, before PostgreSQL can have
/// granted their locks to a writer, which needs several round trips of its own.
/// </para>
/// </summary>
public sealed class TreeOwnership(TimeProvider clock)
{
    // Each owned tree is a lock in PostgreSQL's shared lock table (by default 64 per allowed connection, 6,400 in all):
    // a bound keeps a node's share of it small.
    internal const int MaxTrees = 256;

    // What the owned trees' walks may hold in memory, inline content included (64 MiB): past it, walks are read from the
    // database as if the tree were not owned.
    internal const long MaxBytes = 64L << 20;

    // A tree unread this long is let go, so its lock and memory go back.
    private static readonly TimeSpan IdleRelease = TimeSpan.FromSeconds(60);

    // A tree let go for a write may be taken again at once (reads after a burst of uploads), unless it was let go soon
    // after it was taken: then the wait doubles from 100 ms up to 30 s, so a tree read and written in turns (on this
    // node or on several) stops being taken and let go at every write, each of which waits a round trip for it. A tree
    // kept 10 s starts over. A tree that could not be taken (a writer inside, another node owning it) is tried again
    // after 1 s.
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryTake = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after the start of the listening connection's last answered round trip this node may serve from memory.
    /// A writer ends an owner's session only after <see cref="Data.OwnedTreeTakeover.OwnerGrace"/>, longer than this:
    /// a node that stalls (a paused process) has stopped serving by the time a writer can commit without it.
    /// </summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromSeconds(3);

    // While it owns trees, the node proves its session alive this often (a trivial query).
    private static readonly TimeSpan ConfirmEvery = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, OwnedTree> _owned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, OwnedTree> _byKey = new();
    private readonly ConcurrentDictionary<string, long> _notBefore = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _backoff = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _wanted = new(StringComparer.Ordinal);

    // Own writes begun and not ended, by tree: no tree is taken while one runs in it (BeginOwnWrite says why).
    private readonly ConcurrentDictionary<string, int> _ownWrites = new(StringComparer.Ordinal);
    private readonly Lock _ownWriteGate = new();

    // This node's share of the advisory key space: the listening connection holds each owned tree's ownership key and
    // that key mixed with this, which no other node's can hold, so an own write can check that it is this node that owns
    // the tree (NodeKey). Never zero, so never the ownership key itself.
    private readonly long _nodeSalt = NewSalt();
    private readonly ConcurrentQueue<string> _releaseRequests = new();
    private long _bytes;
    private int _count;
    private long _confirmedAt;
    private long _validUntil;
    private volatile bool _listening;

    /// <summary>The tree of <paramref name="userId"/> if this node owns it and may serve from it now; else null.</summary>
    public OwnedTree? Serving(string userId)
    {
        var now = clock.GetTimestamp();
        if (!_listening || now >= Volatile.Read(ref _validUntil) || !_owned.TryGetValue(userId, out var tree) || !tree.Live)
        {
            return null;
        }

        tree.Touch(now);
        return tree;
    }

    /// <summary>A walk in this tree went to the database: take the tree at the listening connection's next turn, if worth it.</summary>
    public void Want(string userId)
    {
        // On every walk that misses: no ConcurrentDictionary.Count here, which takes every lock of the dictionary.
        if (_listening && Volatile.Read(ref _count) < MaxTrees && !_owned.ContainsKey(userId) &&
            (!_notBefore.TryGetValue(userId, out var notBefore) || clock.GetTimestamp() >= notBefore))
        {
            _wanted.TryAdd(userId, 0);
        }
    }

    /// <summary>
    /// This node's key for a tree whose ownership key is <paramref name="ownershipKey"/>: held by its listening connection
    /// exactly while it holds the ownership key. A write that finds it held (its try fails) knows this node owns the tree.
    /// </summary>
    internal long NodeKey(long ownershipKey) => ownershipKey ^ _nodeSalt;

    /// <summary>
    /// One of this node's group commit batches is about to take <paramref name="userId"/>'s tree: if the node owns it, the
    /// batch writes it without making the node let go, and its memory waits for the batch to end
    /// (<see cref="OwnedTree.BeginOwnWrite"/>). The batch then takes the tree's lock and checks the node key held
    /// (<see cref="NodeKey"/>) instead of taking the ownership key; every <see cref="BeginOwnWrite"/> that returns a tree
    /// must be followed by <see cref="EndOwnWrite"/>. Until then no tree of the user is taken: a tree taken after this and
    /// before the batch's lock would keep reads the batch's commit makes stale.
    /// </summary>
    internal OwnedTree? BeginOwnWrite(string userId)
    {
        lock (_ownWriteGate)
        {
            if (Serving(userId) is not { } tree || !tree.BeginOwnWrite())
            {
                return null;
            }

            _ownWrites.AddOrUpdate(userId, 1, (_, count) => count + 1);
            return tree;
        }
    }

    /// <summary>Ends an own write begun with <see cref="BeginOwnWrite"/>: <see cref="OwnedTree.EndOwnWrite"/>'s rule.</summary>
    internal void EndOwnWrite(OwnedTree tree, OwnWrite? wrote)
    {
        tree.EndOwnWrite(wrote);
        lock (_ownWriteGate)
        {
            if (_ownWrites.TryGetValue(tree.UserId, out var count) && count > 1)
            {
                _ownWrites[tree.UserId] = count - 1;
            }
            else
            {
                _ownWrites.TryRemove(tree.UserId, out _);
            }
        }
    }

    /// <summary>How many trees this node owns now.</summary>
    public int Count => Volatile.Read(ref _count);

    internal bool HasWork => !_releaseRequests.IsEmpty || !_wanted.IsEmpty;

    /// <summary>A writer asked the owner of a tree to let go (a notification's payload: its ownership key).</summary>
    internal void ReleaseRequested(string payload) => _releaseRequests.Enqueue(payload);

    /// <summary>The listening connection is up and holds no lock yet.</summary>
    internal void Started() => _listening = true;

    /// <summary>The listening connection failed: its locks are gone or going, so nothing may be served from here on.</summary>
    internal void Lost()
    {
        _listening = false;
        Volatile.Write(ref _validUntil, 0);
        foreach (var tree in _owned.Values)
        {
            tree.End();
            Released("lost");
        }

        _owned.Clear();
        _byKey.Clear();
        Volatile.Write(ref _count, 0);
        _wanted.Clear();
        _releaseRequests.Clear();
    }

    /// <summary>
    /// One turn on the listening connection: lets go of what writers asked for first (they are waiting), then of idle
    /// trees, then takes the trees wanted.
    /// </summary>
    internal async Task RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (_releaseRequests.TryDequeue(out var payload))
        {
            if (long.TryParse(payload, CultureInfo.InvariantCulture, out var key) && _byKey.TryGetValue(key, out var tree))
            {
                await ReleaseAsync(connection, tree, "write", cancellationToken);
            }
        }

        var now = clock.GetTimestamp();
        foreach (var tree in _owned.Values.Where(t => clock.GetElapsedTime(t.LastUsed, now) > IdleRelease))
        {
            await ReleaseAsync(connection, tree, "idle", cancellationToken);
        }

        foreach (var userId in _wanted.Keys)
        {
            _wanted.TryRemove(userId, out _);
            if (!_owned.ContainsKey(userId) && _count < MaxTrees && !_ownWrites.ContainsKey(userId))
            {
                await TakeAsync(connection, userId, cancellationToken);
            }
        }

        if (!_owned.IsEmpty && clock.GetElapsedTime(_confirmedAt) >= ConfirmEvery)
        {
            var started = clock.GetTimestamp();
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(cancellationToken);
            Confirm(started);
        }
    }

    internal bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _bytes, bytes) <= MaxBytes)
        {
            FilesMetrics.OwnedTreeBytes.Add(bytes);
            return true;
        }

        Interlocked.Add(ref _bytes, -bytes);
        return false;
    }

    internal void Release(long bytes)
    {
        Interlocked.Add(ref _bytes, -bytes);
        FilesMetrics.OwnedTreeBytes.Add(-bytes);
    }

    private void Confirm(long startedAt)
    {
        _confirmedAt = startedAt;
        Volatile.Write(ref _validUntil, startedAt + Ticks(ValidFor));
    }

    /// <summary>The clock's timestamp now.</summary>
    internal long Now => clock.GetTimestamp();

    /// <summary><paramref name="span"/> in the clock's timestamp units.</summary>
    internal long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    // Only with the tree's own lock free, that is with no writer inside the tree; held for this statement only.
    private async Task TakeAsync(NpgsqlConnection connection, string userId, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var scope = WriteScope.Tree(userId);
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN pg_try_advisory_xact_lock(@key) THEN CASE WHEN pg_try_advisory_lock(@owner) " +
            "THEN CASE WHEN pg_try_advisory_lock(@node) THEN true ELSE NOT pg_advisory_unlock(@owner) END ELSE false END ELSE false END",
            connection);
        command.Parameters.Add(new NpgsqlParameter<long>("key", scope.Key));
        command.Parameters.Add(new NpgsqlParameter<long>("owner", scope.OwnershipKey));
        command.Parameters.Add(new NpgsqlParameter<long>("node", NodeKey(scope.OwnershipKey)));
        if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
        {
            var tree = new OwnedTree(this, userId, scope.OwnershipKey, clock.GetTimestamp());
            _byKey[scope.OwnershipKey] = tree;
            _owned[userId] = tree;
            Interlocked.Increment(ref _count);
            Confirm(started);
            FilesMetrics.OwnedTrees.Add(1);
        }
        else
        {
            _notBefore[userId] = clock.GetTimestamp() + Ticks(RetryTake);
        }
    }

    private static long NewSalt()
    {
        long salt;
        do
        {
            salt = BitConverter.ToInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(sizeof(long)));
        }
        while (salt == 0);

        return salt;
    }

    private static void Released(string reason)
    {
        FilesMetrics.OwnedTrees.Add(-1);
        FilesMetrics.OwnedTreeReleases.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    private async Task ReleaseAsync(NpgsqlConnection connection, OwnedTree tree, string reason, CancellationToken cancellationToken)
    {
        // Stop serving before the unlock: from the unlock on, a writer may commit.
        tree.End();
        Released(reason);
        if (_owned.TryRemove(new KeyValuePair<string, OwnedTree>(tree.UserId, tree)))
        {
            Interlocked.Decrement(ref _count);
        }

        _byKey.TryRemove(new KeyValuePair<long, OwnedTree>(tree.OwnershipKey, tree));
        var now = clock.GetTimestamp();
        var backoff = reason == "write" && clock.GetElapsedTime(tree.TakenAt, now) < Settled
            ? TimeSpan.FromTicks(Math.Clamp(_backoff.GetValueOrDefault(tree.UserId).Ticks * 2, FirstBackoff.Ticks, MaxBackoff.Ticks))
            : TimeSpan.Zero;
        _backoff[tree.UserId] = backoff;
        _notBefore[tree.UserId] = now + Ticks(backoff);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@node), pg_advisory_unlock(@owner)", connection);
        command.Parameters.Add(new NpgsqlParameter<long>("owner", tree.OwnershipKey));
        command.Parameters.Add(new NpgsqlParameter<long>("node", NodeKey(tree.OwnershipKey)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
