using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Depot.Testing;

namespace Depot.System.Tests.Cluster;

/// <summary>The files in deploy/ work as written: HAProxy accepts its configuration, systemd its unit.</summary>
public sealed class DeployFilesTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-deploy-");

    [Fact]
    public async Task Haproxy_accepts_the_shipped_configuration()
    {
        Assert.True(HaproxyServer.IsInstalled, "haproxy is not installed (scripts/test.sh installs it)");
        // The configuration names the production certificate; -c loads it, so a throwaway one stands in.
        var pem = Path.Combine(_folder.FullName, "depot.pem");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=depot.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        var shipped = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "haproxy.cfg"));
        Assert.Contains("/etc/haproxy/certs/depot.pem", shipped, StringComparison.Ordinal);
        var config = Path.Combine(_folder.FullName, "haproxy.cfg");
        await File.WriteAllTextAsync(config, shipped.Replace("/etc/haproxy/certs/depot.pem", pem, StringComparison.Ordinal));

        var (exitCode, output) = await HaproxyServer.RunAsync(["-c", "-f", config]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Configuration file is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Systemd_finds_nothing_wrong_in_the_unit_but_the_missing_program()
    {
        if (!File.Exists("/usr/bin/systemd-analyze"))
        {
            return; // optional: not every test machine has systemd
        }

        var start = new ProcessStartInfo("/usr/bin/systemd-analyze", ["verify", Path.Combine(Repository.Root, "deploy", "depot.service")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        // The program is installed under /opt/depot only on a real node; every other complaint is a mistake in the unit.
        var complaints = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.Contains("/opt/depot/depot-server is not executable", StringComparison.Ordinal));
        Assert.Empty(complaints);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
