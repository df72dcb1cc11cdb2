using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// The certificate every https endpoint serves: the configured one, or a self-signed one generated on first
/// start and reused afterwards. Loaded on first use, so a plain-HTTP-only server (tests, behind a proxy)
/// never creates one. Its fingerprint is logged and written to <c>&lt;data&gt;/tls/fingerprint.txt</c>.
/// </summary>
internal sealed class CertificateProvider(IOptions<TlsOptions> tls, IOptions<DataFolderOptions> data, TimeProvider time,
    ILogger<CertificateProvider> logger) : IDisposable
{
    // A self-signed certificate this close to expiry is replaced at start: clients see a new fingerprint
    // (as they would anyway) rather than a certificate that dies between two restarts.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly Lock _lock = new();
    private X509Certificate2? _certificate;

    public string Folder => Path.Combine(data.Value.FullPath, "tls");

    public string SelfSignedPath => Path.Combine(Folder, "self-signed.pem");

    public string FingerprintPath => Path.Combine(Folder, "fingerprint.txt");

    public X509Certificate2 Certificate
    {
        get
        {
            lock (_lock)
            {
                return _certificate ??= Load();
            }
        }
    }

    private X509Certificate2 Load()
    {
        var configured = tls.Value.CertificatePath;
        var certificate = string.IsNullOrEmpty(configured) ? LoadOrCreateSelfSigned() : CertificateLoader.Load(tls.Value);
        var fingerprint = CertificateFingerprint.Of(certificate);
        TlsFiles.WritePrivate(Folder, FingerprintPath, fingerprint + "\n");
        HostingLog.CertificateInUse(logger, certificate.Subject, fingerprint, certificate.NotAfter.ToUniversalTime(),
            string.IsNullOrEmpty(configured) ? SelfSignedPath : Path.GetFullPath(configured));
        if (certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < RenewBefore)
        {
            HostingLog.CertificateExpiresSoon(logger, fingerprint, certificate.NotAfter.ToUniversalTime());
        }

        return certificate;
    }

    private X509Certificate2 LoadOrCreateSelfSigned()
    {
        var now = time.GetUtcNow();
        if (File.Exists(SelfSignedPath))
        {
            var existing = CertificateLoader.UsableBySslStream(X509Certificate2.CreateFromPemFile(SelfSignedPath));
            if (existing.NotAfter.ToUniversalTime() - now.UtcDateTime >= RenewBefore)
            {
                return existing;
            }

            HostingLog.SelfSignedRenewing(logger, CertificateFingerprint.Of(existing), existing.NotAfter.ToUniversalTime());
            existing.Dispose();
        }

        using var created = CertificateGenerator.Create(System.Net.Dns.GetHostName(), now);
        using var key = created.GetECDsaPrivateKey()!;
        TlsFiles.WritePrivate(Folder, SelfSignedPath, created.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        HostingLog.SelfSignedCreated(logger, SelfSignedPath);
        return CertificateLoader.UsableBySslStream(X509Certificate2.CreateFromPemFile(SelfSignedPath));
    }

    public void Dispose() => _certificate?.Dispose();
}
