using System.ComponentModel.DataAnnotations;
using System.Net;

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

    public IEnumerable<IPNetwork> Networks() => AllowedNetworks.Select(Parse);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedNetworks)
        {
            if (!IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _))
            {
                yield return new ValidationResult(
                    $"'{entry}' is neither an IP address nor a CIDR network (e.g. 10.0.0.0/8).", [nameof(AllowedNetworks)]);
            }
        }
    }

    private static IPNetwork Parse(string entry) =>
        IPAddress.TryParse(entry, out var address)
            ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : IPNetwork.Parse(entry);
}
