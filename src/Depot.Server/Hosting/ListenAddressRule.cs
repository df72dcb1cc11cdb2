using System.Net;

namespace Depot.Server.Hosting;

/// <summary>
/// Plain HTTP only on loopback: anything else would carry passwords and bearer tokens across a network in
/// clear text. A configured trusted proxy lifts the rule, because then TLS ends at the proxy.
/// </summary>
internal static class ListenAddressRule
{
    /// <summary>Where Depot listens when nothing is configured: HTTPS on every interface (IPv6 and IPv4).</summary>
    public const string DefaultUrl = "https://*:8443";

    /// <summary>The addresses of <paramref name="addresses"/> that would serve plain HTTP to other machines.</summary>
    public static IReadOnlyList<string> ExposedPlainHttp(IEnumerable<string> addresses) =>
        addresses.Where(IsExposedPlainHttp).ToList();

    public static bool IsExposedPlainHttp(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (!string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Unix sockets and named pipes never leave the machine; file permissions guard them.
        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return false;
        }

        if (string.Equals(binding.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // "*", "+", "0.0.0.0", "[::]" and any host name that is not an address bind every interface in Kestrel.
        var host = binding.Host.TrimStart('[').TrimEnd(']');
        return !IPAddress.TryParse(host, out var ip) || !IPAddress.IsLoopback(ip);
    }

    /// <summary>
    /// Every address the configuration asks Kestrel to bind: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>),
    /// <c>http_ports</c>/<c>https_ports</c> and <c>Kestrel:Endpoints:*:Url</c>. Kestrel ignores some of these when
    /// others are present; checking all of them is the conservative reading.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var addresses = new List<string>(Split(configuration["urls"]));
        addresses.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
        addresses.AddRange(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"));
        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]).OfType<string>().Where(url => url.Length > 0));
        return addresses;
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
