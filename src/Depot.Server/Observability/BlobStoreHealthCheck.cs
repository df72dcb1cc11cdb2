using Depot.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Observability;

/// <summary>
/// Ready only while the blob store answers: with S3, the bucket is reachable with the configured credentials (a
/// bucket-level request, no object is written). A local store has nothing to add to <see cref="DataFolderHealthCheck"/>.
/// Shared between probes (<see cref="SharedHealthCheck"/>): with S3, every probe was a request the provider may bill.
/// </summary>
internal sealed class BlobStoreHealthCheck(IBlobStore blobs, TimeProvider clock) : SharedHealthCheck(clock)
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await blobs.CheckReadyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (StorageUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy("The blob store cannot be reached", ex);
        }
    }
}
