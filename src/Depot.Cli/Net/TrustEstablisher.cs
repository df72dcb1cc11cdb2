namespace Depot.Cli.Net;

/// <summary>
/// Before talking HTTPS to a server whose certificate the system does not trust, makes one request to see the
/// certificate, then trusts it as ssh would: known fingerprint → go on; changed fingerprint → refuse loudly;
/// unknown → ask the person at the terminal, or require <c>--fingerprint</c> when nobody can answer.
/// </summary>
internal static class TrustEstablisher
{
    /// <summary>Returns the fingerprint to store for the host, or null when nothing new was trusted.</summary>
    public static async Task<string?> EstablishAsync(HttpClient http, CertificateTrust trust, CliHost host, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // Any HTTP answer at all means the TLS handshake succeeded.
                using var response = await http.GetAsync("healthz", cancellationToken);
                return trust.Presented is { } accepted && accepted != trust.Known ? accepted : null;
            }
            catch (HttpRequestException) when (trust.Presented is { } presented && !cancellationToken.IsCancellationRequested)
            {
                Decide(trust, presented, host);
            }
        }
    }

    private static void Decide(CertificateTrust trust, string presented, CliHost host)
    {
        if (trust.Known is { } known && known != presented)
        {
            throw new CliException(ExitCodes.Network, $"""
                WARNING: THE CERTIFICATE OF {trust.HostPort} HAS CHANGED!
                Someone could be intercepting your connection, or the server got a new certificate.
                Trusted fingerprint: {known}
                Presented now:       {presented}
                Refusing to connect. If the change is expected, run the command again with --fingerprint {presented}
                """);
        }

        if (trust.Pinned is { } pinned)
        {
            throw new CliException(ExitCodes.Network,
                $"The certificate of {trust.HostPort} has fingerprint {presented}, not {pinned} as given with --fingerprint. Refusing to connect.");
        }

        if (!host.Interactive)
        {
            throw new CliException(ExitCodes.Network,
                $"The certificate of {trust.HostPort} is not trusted by this system. Its fingerprint is {presented}. "
                + $"If you trust it, run the command again with --fingerprint {presented}");
        }

        host.Error.WriteLine($"The certificate of {trust.HostPort} is not trusted by this system.");
        host.Error.WriteLine($"Its fingerprint is {presented}. Compare it with the one the server prints at start-up.");
        var answer = host.Prompt("Trust this certificate and connect? [y/N] ");
        if (answer?.Trim().ToLowerInvariant() is not ("y" or "yes"))
        {
            throw new CliException(ExitCodes.Network, $"Certificate of {trust.HostPort} not trusted.");
        }

        trust.Confirm(presented);
    }
}
