using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// Issue 9, point 11: a start that cannot succeed ends with exit code 1 and one sentence naming the option or path, no
/// stack trace, and leaves nothing behind (no data folder, no admin account whose printed password is then lost).
/// </summary>
public sealed class StartupFailureTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("depot-start-");

    [Fact]
    public async Task Help_and_version_print_and_start_nothing()
    {
        var help = await ServerCommand.RunAsync(["--help"], _scratch.FullName);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage: depot-server", help.StandardOutput);
        Assert.Contains("reset-password", help.StandardOutput);
        Assert.Contains("migrate-metadata --from sqlite --to postgres", help.StandardOutput);

        var version = await ServerCommand.RunAsync(["--version"], _scratch.FullName);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^depot-server \d+\.\d+", version.StandardOutput);
        Assert.Empty(_scratch.GetFileSystemInfos()); // no ./data: nothing started
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_created_is_named()
    {
        var refused = await StartAsync("--Depot:DataPath=/proc/depot-cannot-exist");
        AssertOneSentence(refused, "/proc/depot-cannot-exist", "Depot:DataPath");
    }

    [Fact]
    public async Task A_data_folder_that_is_a_file_is_named()
    {
        var file = Path.Combine(_scratch.FullName, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var refused = await StartAsync($"--Depot:DataPath={file}");
        AssertOneSentence(refused, "is a file, not a folder");
    }

    [Fact]
    public async Task An_option_out_of_range_is_named_by_its_configuration_key()
    {
        var data = Path.Combine(_scratch.FullName, "data");
        var refused = await StartAsync($"--Depot:DataPath={data}", "--Depot:Accounts:MinPasswordLength=3");
        AssertOneSentence(refused, "Depot:Accounts:MinPasswordLength", "between 8 and 128", "(it is 3)");
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task An_option_of_the_wrong_type_is_named_by_its_configuration_key()
    {
        var refused = await StartAsync($"--Depot:DataPath={Path.Combine(_scratch.FullName, "data")}", "--Depot:Trash:Retention=soon");
        AssertOneSentence(refused, "Depot:Trash:Retention");
    }

    [Fact]
    public async Task A_port_in_use_refuses_before_anything_is_created()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Path.Combine(_scratch.FullName, "data");

        var refused = await StartAsync($"--Depot:DataPath={data}", $"--urls=http://127.0.0.1:{port}");

        AssertOneSentence(refused, $"127.0.0.1:{port}", "already in use");
        Assert.False(Directory.Exists(data), "a refused start created the data folder");
        Assert.DoesNotContain("password", refused.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_certificate_without_its_key_is_named_before_anything_is_created()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=depot-test", key,
            HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pem = Path.Combine(_scratch.FullName, "cert-only.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        var data = Path.Combine(_scratch.FullName, "data");

        var refused = await StartAsync($"--Depot:DataPath={data}", "--urls=https://127.0.0.1:0", $"--Depot:Tls:CertificatePath={pem}");

        AssertOneSentence(refused, "Depot:Tls:CertificatePath", pem);
        Assert.False(Directory.Exists(data), "a refused start created the data folder");
    }

    private async Task<ServerCommand.Outcome> StartAsync(params string[] arguments)
    {
        string[] all = ["--urls=http://127.0.0.1:0", "--DEPOT_ADMIN_PASSWORD=not-used-123", .. arguments];
        var outcome = await ServerCommand.RunAsync(all, _scratch.FullName);
        output.WriteLine($"exit {outcome.ExitCode}\n--- stdout\n{outcome.StandardOutput}\n--- stderr\n{outcome.StandardError}");
        return outcome;
    }

    private static void AssertOneSentence(ServerCommand.Outcome outcome, params string[] mentions)
    {
        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("depot-server: ", line);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, line);
        }

        Assert.DoesNotContain("   at ", outcome.Output); // no stack trace anywhere
        Assert.DoesNotContain("Unhandled exception", outcome.Output);
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}
