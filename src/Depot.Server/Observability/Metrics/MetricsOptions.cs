using System.ComponentModel.DataAnnotations;
using System.Net;
using Depot.Server.Hosting;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text format. Metrics reveal activity (who is busy, how much moves), so only
/// loopback, the networks listed here and admins' tokens may read them; everyone else gets 404.
/// </summary>
internal sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Depot:Metrics";

    // On: a local Prometheus or node agent can scrape without setup, and nobody else can read it anyway.
    public bool Enabled { get; set; } = true;

    // None: a scraper on another machine is named explicitly ("10.0.0.0/8", "192.0.2.7"), or uses an admin's token.
    public IList<string> AllowedNetworks { get; set; } = [];

    // Storage usage is a scan of the metadata (blobs, nodes, versions): every few minutes is enough for capacity alerts.
    public TimeSpan StorageUsageInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<IPNetwork> Networks() => NetworkList.Parse(AllowedNetworks);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var error in NetworkList.Validate(AllowedNetworks, nameof(AllowedNetworks)))
        {
            yield return error;
        }

        if (StorageUsageInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"{nameof(StorageUsageInterval)} must be at least one second.", [nameof(StorageUsageInterval)]);
        }
    }
}
