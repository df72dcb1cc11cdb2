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

    public IEnumerable<IPNetwork> Networks() => NetworkList.Parse(TrustedProxies);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NetworkList.Validate(TrustedProxies, nameof(TrustedProxies));
}
