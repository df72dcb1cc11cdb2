using Depot.Server.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Depot.Server.Observability;

/// <summary>
/// Ready only while the data folder takes a write: a full disk or a remount read-only should take the node
/// out of the load balancer rather than fail every upload. Shared between probes (<see cref="SharedHealthCheck"/>).
/// </summary>
internal sealed class DataFolderHealthCheck(IOptions<DataFolderOptions> data, TimeProvider clock) : SharedHealthCheck(clock)
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(data.Value.FullPath, $".readyz-{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                await stream.WriteAsync(new byte[] { 1 }, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The data folder is not writable", ex);
        }
    }
}
