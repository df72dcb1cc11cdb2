namespace Depot.Server.Hosting;

/// <summary>
/// The certificate every https endpoint serves. Without one, Depot generates a self-signed certificate on
/// first start and keeps it in <c>&lt;data&gt;/tls/</c>; clients pin its fingerprint (trust on first use).
/// </summary>
internal sealed class TlsOptions
{
    public const string Section = "Depot:Tls";

    // Empty: generate a self-signed certificate, so the quick start is encrypted with no setup at all.
    // A .pfx/.p12 file is read as PKCS#12; anything else as PEM.
    public string? CertificatePath { get; set; }

    // Empty: the PEM private key is in CertificatePath itself (as certbot's "combined" files are).
    public string? KeyPath { get; set; }

    // Empty: the PFX or PEM key is not encrypted.
    public string? Password { get; set; }
}
