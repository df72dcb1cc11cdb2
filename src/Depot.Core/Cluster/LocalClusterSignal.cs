namespace Depot.Core.Cluster;

/// <summary>The signal of a single process (SQLite): every cache is in this process, so delivery is a method call.</summary>
public sealed class LocalClusterSignal : ClusterSignal
{
    public override bool Listening => true;

    public override Task PublishAsync(CacheEviction eviction, CancellationToken cancellationToken)
    {
        Deliver(eviction);
        return Task.CompletedTask;
    }
}
