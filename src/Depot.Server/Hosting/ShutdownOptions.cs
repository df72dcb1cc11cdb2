using System.ComponentModel.DataAnnotations;

namespace Depot.Server.Hosting;

/// <summary>How a node leaves a load balancer's rotation on SIGTERM (see <see cref="DrainService"/>).</summary>
internal sealed class ShutdownOptions
{
    public const string Section = "Depot:Shutdown";

    // 5 s: the shipped deploy/haproxy.cfg checks /readyz every second and takes a node out after two failures, so it
    // has stopped sending new requests within about 2–3 s; the rest is margin for a slow check. Short enough that a
    // ctrl-C on a single node without a load balancer is not a noticeable wait. A balancer with slower checks needs
    // at least inter × fall here. 0 stops accepting at once (tests, or no balancer).
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);
}
