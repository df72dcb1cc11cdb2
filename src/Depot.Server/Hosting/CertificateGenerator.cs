using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Depot.Server.Hosting;

/// <summary>Makes the self-signed certificate Depot serves when none is configured.</summary>
internal static class CertificateGenerator
{
    // About two years: within the 825 days Apple platforms accept for a TLS server certificate, and long
    // enough that a home server does not change its fingerprint (which clients pin) every few months.
    public static readonly TimeSpan Validity = TimeSpan.FromDays(730);

    public static X509Certificate2 Create(string hostName, DateTimeOffset now)
    {
        // ECDSA P-256: every TLS 1.2+ client supports it, and handshakes are cheaper than with RSA 3072.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hostName}, O=Depot self-signed"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(SubjectAlternativeNames(hostName));

        // Back-dated a day so a client whose clock runs a little behind does not see "not yet valid".
        return request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
    }

    private static X509Extension SubjectAlternativeNames(string hostName)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        if (!string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase) && Uri.CheckHostName(hostName) == UriHostNameType.Dns)
        {
            names.AddDnsName(hostName);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        return names.Build(critical: false);
    }
}
