using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Depot.Server.Hosting;

namespace Depot.Server.Tests.Hosting;

public sealed class CertificateTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-tls-");

    [Fact]
    public async Task Generated_certificate_is_reused_after_a_restart()
    {
        var first = await ServedFingerprintAsync();
        var onDisk = await File.ReadAllTextAsync(Path.Combine(_data.FullName, "tls", "self-signed.pem"));

        var second = await ServedFingerprintAsync();

        Assert.Equal(first, second);
        Assert.Equal(onDisk, await File.ReadAllTextAsync(Path.Combine(_data.FullName, "tls", "self-signed.pem")));
    }

    [Fact]
    public async Task Configured_pem_certificate_and_key_are_served_instead_of_a_generated_one()
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=depot.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        var certificatePath = Path.Combine(_data.FullName, "cert.pem");
        var keyPath = Path.Combine(_data.FullName, "key.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        var served = await ServedFingerprintAsync($"--Depot:Tls:CertificatePath={certificatePath}", $"--Depot:Tls:KeyPath={keyPath}");

        Assert.Equal(CertificateFingerprint.Of(certificate), served);
        Assert.False(File.Exists(Path.Combine(_data.FullName, "tls", "self-signed.pem")));
        Assert.Equal(served, (await File.ReadAllTextAsync(Path.Combine(_data.FullName, "tls", "fingerprint.txt"))).Trim());
    }

    [Fact]
    public async Task Configured_pfx_with_password_is_served()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=depot.example", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        var path = Path.Combine(_data.FullName, "depot.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pkcs12, "s3cret"));

        var served = await ServedFingerprintAsync($"--Depot:Tls:CertificatePath={path}", "--Depot:Tls:Password=s3cret");

        Assert.Equal(CertificateFingerprint.Of(certificate), served);
    }

    [Fact]
    public async Task Missing_configured_certificate_fails_start_with_its_path()
    {
        var path = Path.Combine(_data.FullName, "nope.pem");
        await using var app = StandaloneServer.Build(_data.FullName, "--urls=https://127.0.0.1:0", $"--Depot:Tls:CertificatePath={path}");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains(path, error.ToString());
    }

    private async Task<string> ServedFingerprintAsync(params string[] arguments)
    {
        await using var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=https://127.0.0.1:0", .. arguments]);
        string? fingerprint = null;
        using var http = TlsClients.Create(server.Address, c => fingerprint = CertificateFingerprint.Of(c));
        using var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return fingerprint!;
    }

    public void Dispose() => _data.Delete(recursive: true);
}
