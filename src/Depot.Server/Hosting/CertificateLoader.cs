using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Depot.Server.Hosting;

/// <summary>Reads the certificate an operator configured in <see cref="TlsOptions"/>.</summary>
internal static class CertificateLoader
{
    public static X509Certificate2 Load(TlsOptions options)
    {
        var path = Path.GetFullPath(options.CertificatePath!);
        if (!File.Exists(path))
        {
            throw new StartupRefusedException($"Depot:Tls:CertificatePath '{path}' does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = Read(path, options);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException(
                $"Depot:Tls:CertificatePath '{path}' cannot be loaded: {e.Message.TrimEnd('.')}. Give a PEM file with its private key " +
                "(or the key in Depot:Tls:KeyPath), or a .pfx/.p12 file, and Depot:Tls:Password if the key is encrypted.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new StartupRefusedException(
                $"Depot:Tls:CertificatePath '{path}' holds a certificate without its private key. Put the key in the same PEM file or name it in Depot:Tls:KeyPath.");
        }

        return certificate;
    }

    private static X509Certificate2 Read(string path, TlsOptions options)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.Password);
        }

        var keyPath = string.IsNullOrEmpty(options.KeyPath) ? null : Path.GetFullPath(options.KeyPath);
        var certificate = string.IsNullOrEmpty(options.Password)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, options.Password, keyPath);
        return UsableBySslStream(certificate);
    }

    /// <summary>
    /// PEM keys load as ephemeral keys, which Windows' TLS stack cannot use; a round trip through PKCS#12 gives
    /// it a persisted one. OpenSSL on Linux and macOS takes the key as it is.
    /// </summary>
    public static X509Certificate2 UsableBySslStream(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
