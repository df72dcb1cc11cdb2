using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Depot.Server.Hosting;

/// <summary>
/// The TLS-terminating reverse proxies (or load balancers) in front of Depot. Only their
/// <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> headers are believed, and only with one configured may
/// Depot serve plain HTTP on a non-loopback address.
/// </summary>
internal sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Depot:Proxy";

    // None: by default no client can claim another address or scheme, and plain HTTP stays on loopback.
    // Entries are addresses ("10.0.0.5", "::1") or networks in CIDR form ("10.0.0.0/8").
    public IList<string> TrustedProxies { get; set; } = [];

    public bool Enabled => TrustedProxies.Count > 0;

    public IEnumerable<IPNetwork> Networks() => TrustedProxies.Select(Parse);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in TrustedProxies)
        {
            if (!IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _))
            {
                yield return new ValidationResult(
                    $"'{entry}' is neither an IP address nor a CIDR network (e.g. 10.0.0.0/8).", [nameof(TrustedProxies)]);
            }
        }
    }

    private static IPNetwork Parse(string entry) =>
        IPAddress.TryParse(entry, out var address)
            ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : IPNetwork.Parse(entry);
}
