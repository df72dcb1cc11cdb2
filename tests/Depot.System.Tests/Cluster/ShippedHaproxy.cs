using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// deploy/haproxy.cfg itself (not the test shape of <see cref="Depot.Testing.HaproxyServer"/>), moved onto loopback the
/// way docs/scale-out.md tells an operator to fill it in: a throwaway certificate for the TLS frontend, 127.0.0.1 ports
/// for the binds, the stats socket in a temp folder, the nodes' addresses in its <c>server</c> lines (the ones not yet
/// added commented out, as step 4 says). Every substitution must find its text, so a change to the shipped file that
/// the walkthrough no longer matches fails here. Runs in the foreground (<c>-db</c>) and is stopped by its PID;
/// <see cref="ReloadAsync"/> starts a new process with <c>-sf</c> on the old one, as <c>systemctl reload</c> does.
/// </summary>
internal sealed class ShippedHaproxy : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _folder;
    private readonly string _shipped;
    private readonly int _httpsPort;
    private readonly int _httpPort;
    private readonly X509Certificate2 _certificate;
    private readonly ITestOutputHelper _output;
    private Process? _process;

    private ShippedHaproxy(string shipped, ITestOutputHelper output)
    {
        _folder = Directory.CreateTempSubdirectory("depot-shipped-haproxy-");
        _shipped = shipped;
        _output = output;
        _httpsPort = FreePort();
        _httpPort = FreePort();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        _certificate = certificate;
    }

    /// <summary>The TLS frontend clients use (HAProxy ends TLS, as the shipped file does).</summary>
    public Uri Address => new($"https://127.0.0.1:{_httpsPort}/");

    /// <summary>The plain-HTTP frontend, which only redirects to HTTPS.</summary>
    public Uri PlainAddress => new($"http://127.0.0.1:{_httpPort}/");

    private string CertificatePath => Path.Combine(_folder.FullName, "depot.pem");

    private string StatsSocket => Path.Combine(_folder.FullName, "admin.sock");

    public static async Task<ShippedHaproxy> StartAsync(string shippedConfigPath, IReadOnlyList<int?> nodePorts, ITestOutputHelper output)
    {
        var haproxy = new ShippedHaproxy(await File.ReadAllTextAsync(shippedConfigPath), output);
        try
        {
            await haproxy.ReloadAsync(nodePorts);
            return haproxy;
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the configuration with a <c>server</c> line for each node that has a port (a null port: that line stays
    /// commented out), checks it with <c>haproxy -c</c>, and starts HAProxy on it, taking over from the running one.
    /// </summary>
    public async Task ReloadAsync(IReadOnlyList<int?> nodePorts)
    {
        var config = Path.Combine(_folder.FullName, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Adapt(nodePorts));
        var check = await Depot.Testing.HaproxyServer.RunAsync(["-c", "-f", config]);
        Assert.True(check.ExitCode == 0, $"haproxy -c refused the adapted deploy/haproxy.cfg: {check.Output}");

        var start = new ProcessStartInfo(Depot.Testing.HaproxyServer.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-db", "-f", config])
        {
            start.ArgumentList.Add(argument);
        }

        var previous = _process;
        if (previous is not null)
        {
            start.ArgumentList.Add("-sf");
            start.ArgumentList.Add(previous.Id.ToString(CultureInfo.InvariantCulture));
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Log($"started haproxy pid {process.Id} ({(previous is null ? "start" : $"reload, -sf {previous.Id}")})");
        if (previous is not null)
        {
            using var gone = new CancellationTokenSource(Timeout);
            await previous.WaitForExitAsync(gone.Token); // the old process hands over and ends
            previous.Dispose();
        }

        for (var i = 0; i < nodePorts.Count; i++)
        {
            if (nodePorts[i] is not null)
            {
                await WaitForStatusAsync($"node{i + 1}", "UP");
            }
        }
    }

    /// <summary>A client of the TLS frontend that trusts exactly this run's certificate.</summary>
    public HttpClient CreateClient()
    {
        var thumbprint = _certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint,
            },
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Responses each <c>server</c> has sent (<c>show stat</c>, column <c>stot</c> is sessions; this is 2xx answers).</summary>
    public async Task<IReadOnlyDictionary<string, long>> Answers2xxAsync()
    {
        var rows = await StatRowsAsync();
        return rows.Where(r => r["pxname"] == "depot" && r["svname"].StartsWith("node", StringComparison.Ordinal))
            .ToDictionary(r => r["svname"], r => long.Parse(r["hrsp_2xx"], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                using var gone = new CancellationTokenSource(Timeout);
                await process.WaitForExitAsync(gone.Token);
            }
            finally
            {
                process.Dispose();
            }
        }

        _certificate.Dispose();
        _folder.Delete(recursive: true);
    }

    private string Adapt(IReadOnlyList<int?> nodePorts)
    {
        var config = _shipped;
        config = Replace(config, "stats socket /run/haproxy/admin.sock", $"stats socket {StatsSocket}");
        config = Replace(config, "bind :443 ssl crt /etc/haproxy/certs/depot.pem", $"bind 127.0.0.1:{_httpsPort} ssl crt {CertificatePath}");
        config = Replace(config, "bind :80\n", $"bind 127.0.0.1:{_httpPort}\n");
        // This machine's hard limit on open files (20000) is below what maxconn 20000 needs (twice that); HAProxy
        // then refuses to start although `haproxy -c` passes. docs/scale-out.md, step 4, tells the operator.
        config = Replace(config, "maxconn 20000", "maxconn 2000");
        for (var i = 0; i < nodePorts.Count; i++)
        {
            var line = $"    server node{i + 1} 10.0.0.1{i + 1}:8080\n";
            config = Replace(config, line, nodePorts[i] is { } port ? $"    server node{i + 1} 127.0.0.1:{port}\n" : $"    # {line.TrimStart()}");
        }

        return config;
    }

    private static string Replace(string config, string shipped, string local)
    {
        Assert.True(config.Contains(shipped, StringComparison.Ordinal), $"deploy/haproxy.cfg no longer contains '{shipped.TrimEnd()}'");
        return config.Replace(shipped, local, StringComparison.Ordinal);
    }

    private async Task WaitForStatusAsync(string node, string status)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < Timeout)
        {
            try
            {
                last = (await StatRowsAsync()).FirstOrDefault(r => r["pxname"] == "depot" && r["svname"] == node)?["status"] ?? "(no row)";
                if (last == status)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // The new process has not bound its socket yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"HAProxy did not report {node} {status} within {Timeout.TotalSeconds:0} s (last: {last})");
    }

    private async Task<List<Dictionary<string, string>>> StatRowsAsync()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(StatsSocket));
        await socket.SendAsync(Encoding.ASCII.GetBytes("show stat\n"), SocketFlags.None);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(','))
            .Where(p => p.First.Length > 0).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))];
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            _output.WriteLine($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} haproxy: {line}");
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
