using Depot.Cli.Config;
using Depot.Client;

namespace Depot.Cli.Net;

/// <summary>Connects to a Depot server with the saved token and the ssh-like TLS trust.</summary>
internal static class SessionFactory
{
    // Connecting is quick or hopeless; transfers themselves have no overall timeout because files can be huge.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The saved server and token; fails with the auth exit code when nobody is logged in.</summary>
    public static Task<Session> OpenAsync(Invocation run, CancellationToken cancellationToken)
    {
        var config = run.Config.Load();
        if (config.Server is null || config.Token is null)
        {
            throw new CliException(ExitCodes.Auth, "Not logged in: run 'depot login <server-url>' first.");
        }

        return ConnectAsync(run, ParseServer(config.Server), config, cancellationToken);
    }

    public static async Task<Session> ConnectAsync(Invocation run, Uri server, CliConfig config, CancellationToken cancellationToken)
    {
        var hostPort = HostPort(server);
        var trust = new CertificateTrust(hostPort, config.TrustedCertificates.GetValueOrDefault(hostPort), run.Fingerprint);
        var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
        handler.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
        var counter = new RequestCounter(handler);
        var http = new HttpClient(counter) { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            if (server.Scheme == Uri.UriSchemeHttps
                && await TrustEstablisher.EstablishAsync(http, trust, run.Host, cancellationToken) is { } trusted)
            {
                config = config with { TrustedCertificates = new Dictionary<string, string>(config.TrustedCertificates) { [hostPort] = trusted } };
                run.Config.Save(config);
            }
        }
        catch
        {
            http.Dispose();
            throw;
        }

        var client = new DepotClient(http) { AccessToken = config.Token };
        return new Session(http, client, config, server, counter);
    }

    public static Uri ParseServer(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new CliException(ExitCodes.Usage, $"'{text}' is not a server URL like https://depot.example.com");
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string HostPort(Uri server) => $"{server.IdnHost}:{server.Port}";
}
