using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

/// <summary>A test server on https://127.0.0.1 with no certificate configured, so it generates its own.</summary>
public sealed class HttpsDepotServer : DepotServer
{
    protected override IEnumerable<string> ExtraArguments => ["--urls=https://127.0.0.1:0"];

    public string FingerprintFile => Path.Combine(DataPath, "tls", "fingerprint.txt");

    /// <summary>A client that accepts the server's certificate and hands it to <paramref name="seen"/>.</summary>
    public HttpClient CreateTlsClient(Action<X509Certificate2> seen, Version? version = null) =>
        TlsClients.Create(Address, seen, version);
}

public static class TlsClients
{
    public static HttpClient Create(Uri address, Action<X509Certificate2> seen, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // The tests check the certificate themselves (fingerprint pinning, as the CLI does).
#pragma warning disable CA5359
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    seen(new X509Certificate2(certificate!));
                    return true;
                },
#pragma warning restore CA5359
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = address,
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
