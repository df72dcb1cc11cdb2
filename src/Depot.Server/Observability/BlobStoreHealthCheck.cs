using Depot.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Depot.Server.Observability;

/// <summary>
/// Ready only while the blob store answers: with S3, the bucket is reachable with the configured credentials (a
/// bucket-level request, no object is written). A local store has nothing to add to <see cref="DataFolderHealthCheck"/>.
/// </summary>
internal sealed class BlobStoreHealthCheck(IBlobStore blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
