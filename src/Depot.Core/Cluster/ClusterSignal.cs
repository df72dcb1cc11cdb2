namespace Depot.Core.Cluster;

/// <summary>
/// Tells every node's caches what to forget (docs/architecture.md, "Cluster signals"). A store publishes a
/// <see cref="CacheEviction"/> right after the write that ended some validity; every node, the publisher included,
/// delivers it to its subscribers. <see cref="LocalClusterSignal"/> for one process (SQLite),
/// <see cref="PostgresClusterSignal"/> (LISTEN/NOTIFY) when several nodes share PostgreSQL.
/// </summary>
public abstract class ClusterSignal
{
    private readonly Lock _gate = new();
    private (Action<CacheEviction> Evict, Action ForgetAll)[] _subscribers = [];

    /// <summary>
    /// True while this node is sure to hear every eviction published from now on. Caches keep and serve entries only
    /// while it is: a node that lost its listening connection could miss a revocation.
    /// </summary>
    public abstract bool Listening { get; }

    public abstract Task PublishAsync(CacheEviction eviction, CancellationToken cancellationToken);

    /// <summary>
    /// Registers a cache: <paramref name="evict"/> for each eviction heard, <paramref name="forgetAll"/> when evictions
    /// may have been missed (the listening connection came back), before <see cref="Listening"/> turns true again.
    /// </summary>
    public void Subscribe(Action<CacheEviction> evict, Action forgetAll)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, (evict, forgetAll)];
        }
    }

    protected void Deliver(CacheEviction eviction)
    {
        foreach (var (evict, _) in Volatile.Read(ref _subscribers))
        {
            evict(eviction);
        }
    }

    protected void DeliverForgetAll()
    {
        foreach (var (_, forgetAll) in Volatile.Read(ref _subscribers))
        {
            forgetAll();
        }
    }
}
