using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Depot.Server.Hosting;

internal static class CertificateFingerprint
{
    /// <summary>
    /// <c>SHA256:</c> and the unpadded base64 of the SHA-256 of the certificate's DER, the form ssh prints, so
    /// the CLI can show it for trust on first use and a user can compare it with the server's log.
    /// </summary>
    public static string Of(X509Certificate2 certificate) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(certificate.RawData)).TrimEnd('=');
}
