namespace Depot.Cli.Config;

/// <summary>
/// What <c>depot</c> remembers between runs (config.json, mode 0600): the server, who is logged in with which token,
/// and the certificate fingerprints the user chose to trust, by "host:port".
/// </summary>
internal sealed record CliConfig
{
    public string? Server { get; init; }

    public string? Username { get; init; }

    public string? Token { get; init; }

    public IReadOnlyDictionary<string, string> TrustedCertificates { get; init; } = new Dictionary<string, string>();
}
