using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace Depot.Server.Hosting;

/// <summary>Options that list addresses ("10.0.0.5", "::1") or CIDR networks ("10.0.0.0/8"): checking and reading them.</summary>
internal static class NetworkList
{
    public static IEnumerable<ValidationResult> Validate(IEnumerable<string> entries, string member)
    {
        foreach (var entry in entries)
        {
            if (!IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _))
            {
                yield return new ValidationResult($"'{entry}' is neither an IP address nor a CIDR network (e.g. 10.0.0.0/8).", [member]);
            }
        }
    }

    /// <summary>Each entry as a network; a single address is a network of its full length.</summary>
    public static IEnumerable<IPNetwork> Parse(IEnumerable<string> entries) =>
        entries.Select(entry => IPAddress.TryParse(entry, out var address)
            ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            : IPNetwork.Parse(entry));
}
