using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Depot.Server.Hosting;

namespace Depot.Server.Tests.Hosting;

public sealed class TlsTests(HttpsDepotServer server) : IClassFixture<HttpsDepotServer>
{
    [Fact]
    public async Task Generated_certificate_is_served_and_its_fingerprint_written_to_the_data_folder()
    {
        X509Certificate2? served = null;
        using var http = server.CreateTlsClient(c => served = c);
        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(served);
        var fingerprint = (await File.ReadAllTextAsync(server.FingerprintFile)).Trim();
        Assert.Equal(fingerprint, CertificateFingerprint.Of(served));
        Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", fingerprint);
    }

    [Fact]
    public void Generated_key_and_fingerprint_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only; Windows inherits the data folder's ACL.
        }

        var folder = Path.GetDirectoryName(server.FingerprintFile)!;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (var file in Directory.GetFiles(folder))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Generated_certificate_names_the_loopback_addresses_and_is_for_servers_only()
    {
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(server.DataPath, "tls", "self-signed.pem"));
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
        Assert.True(certificate.MatchesHostname("::1"));
        Assert.True(certificate.NotAfter - certificate.NotBefore > TimeSpan.FromDays(365));
        Assert.IsType<ECDsa>(certificate.GetECDsaPublicKey(), exactMatch: false);
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(usage.EnhancedKeyUsages.Cast<Oid>()).Value);
    }

    [Fact]
    public async Task Http2_is_negotiated_over_tls()
    {
        using var http = server.CreateTlsClient(_ => { }, HttpVersion.Version20);
        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task Https_responses_carry_hsts()
    {
        using var http = server.CreateTlsClient(_ => { });
        using var response = await http.GetAsync("/healthz");

        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }
}
