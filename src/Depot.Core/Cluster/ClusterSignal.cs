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
    private (Action<ChangeNotice> Changed, Action Missed)[] _changeSubscribers = [];

    /// <summary>
    /// True while this node is sure to hear every eviction published from now on. Caches keep and serve entries only
    /// while it is: a node that lost its listening connection could miss a revocation.
    /// </summary>
    public abstract bool Listening { get; }

    public abstract Task PublishAsync(CacheEviction eviction, CancellationToken cancellationToken);

    /// <summary>
    /// Tells every node's change-feed waiters that these users' feeds have new changes: a writer calls it after its
    /// commit. In one process the notices are delivered at once; <see cref="PostgresClusterSignal"/> sends them to every
    /// node's listening connection.
    /// </summary>
    public virtual void AnnounceChanges(IEnumerable<ChangeNotice> notices)
    {
        foreach (var notice in notices)
        {
            DeliverChange(notice);
        }
    }

    /// <summary>
    /// Registers a change-feed listener: <paramref name="changed"/> for each notice heard, <paramref name="missed"/> when
    /// notices may have been lost (the listening connection came back), so every waiter reads again.
    /// </summary>
    public void SubscribeChanges(Action<ChangeNotice> changed, Action missed)
    {
        lock (_gate)
        {
            _changeSubscribers = [.. _changeSubscribers, (changed, missed)];
        }
    }

    protected void DeliverChange(ChangeNotice notice)
    {
        foreach (var (changed, _) in Volatile.Read(ref _changeSubscribers))
        {
            changed(notice);
        }
    }

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

        foreach (var (_, missed) in Volatile.Read(ref _changeSubscribers))
        {
            missed();
        }
    }
}
