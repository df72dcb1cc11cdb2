using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Depot.Cli.Net;

/// <summary>
/// TLS trust like ssh's known_hosts: a certificate whose chain validates is accepted as usual; otherwise its SHA-256
/// fingerprint must be the one stored for this host:port, the one given with <c>--fingerprint</c>, or one the user
/// just confirmed. Runs inside the TLS handshake, so it only records what it saw; <see cref="TrustEstablisher"/> asks.
/// </summary>
internal sealed class CertificateTrust(string hostPort, string? known, string? pinned)
{
    private volatile string? _confirmed;
    private volatile string? _presented;

    public string HostPort => hostPort;

    /// <summary>The fingerprint stored for this host:port before this run, if any.</summary>
    public string? Known => known;

    /// <summary>The fingerprint given with <c>--fingerprint</c>, normalised.</summary>
    public string? Pinned { get; } = pinned is null ? null : Normalize(pinned);

    /// <summary>The fingerprint of the last certificate that did not validate by its chain.</summary>
    public string? Presented => _presented;

    public void Confirm(string fingerprint) => _confirmed = fingerprint;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        var fingerprint = Fingerprint(certificate);
        _presented = fingerprint;
        return fingerprint == known || fingerprint == Pinned || fingerprint == _confirmed;
    }

    /// <summary>OpenSSH's format: "SHA256:" and the unpadded base64 of the SHA-256 of the DER certificate.</summary>
    public static string Fingerprint(X509Certificate certificate) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(certificate.GetRawCertData())).TrimEnd('=');

    /// <summary>Accepts what people paste: with or without the "SHA256:" prefix and base64 padding.</summary>
    public static string Normalize(string fingerprint)
    {
        var value = fingerprint.Trim();
        if (value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["SHA256:".Length..];
        }

        return "SHA256:" + value.TrimEnd('=');
    }
}
