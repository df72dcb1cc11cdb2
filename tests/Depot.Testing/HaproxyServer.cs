using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace Depot.Testing;

/// <summary>
/// A real HAProxy (Debian's package <c>haproxy</c>; scripts/test.sh installs it) owned by the test process, in front
/// of Depot nodes on 127.0.0.1: its own configuration in a temp folder, a free 127.0.0.1 port, run in the foreground
/// (<c>-db</c>) as a child process and stopped by its PID on dispose. The package's system service is never touched.
/// The configuration is the shape of deploy/haproxy.cfg, minus TLS (the test talks plain HTTP end to end) and with
/// fast health checks: /readyz every 500 ms, out after 1 failure, back after 2 successes.
/// </summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/haproxy";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    private readonly DirectoryInfo _folder;
    private readonly ITestOutputHelper? _output;
    private readonly Process _process;

    static HaproxyServer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Live.Values)
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                }
            }
        };
    }

    private HaproxyServer(DirectoryInfo folder, Process process, int port, ITestOutputHelper? output)
    {
        _folder = folder;
        _process = process;
        _output = output;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>The frontend clients use.</summary>
    public Uri Address { get; }

    private string StatsSocket => Path.Combine(_folder.FullName, "stats.sock");

    /// <summary>
    /// Starts HAProxy balancing over <paramref name="nodes"/> (name → port on 127.0.0.1) and waits until every node
    /// is UP (its /readyz passed twice).
    /// </summary>
    public static async Task<HaproxyServer> StartAsync(IReadOnlyDictionary<string, int> nodes, ITestOutputHelper? output)
    {
        var folder = Directory.CreateTempSubdirectory("depot-haproxy-");
        var port = FreePort();
        var config = Path.Combine(folder.FullName, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Config(port, Path.Combine(folder.FullName, "stats.sock"), nodes));
        var check = await RunAsync(["-c", "-f", config]);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"haproxy -c refused the test configuration: {check.Output}");
        }

        var start = new ProcessStartInfo(Executable, ["-db", "-f", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.FullName,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Log(output, e.Data);
        process.ErrorDataReceived += (_, e) => Log(output, e.Data);
        process.Start();
        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var haproxy = new HaproxyServer(folder, process, port, output);
        Log(output, $"started haproxy pid {process.Id} on {haproxy.Address}");
        try
        {
            foreach (var node in nodes.Keys)
            {
                await haproxy.WaitForStatusAsync(node, "UP", StartTimeout);
            }
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }

        return haproxy;
    }

    /// <summary>Checks a configuration file with <c>haproxy -c</c>; returns the exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The node's state as HAProxy sees it (<c>UP</c>, <c>DOWN</c>, <c>UP 1/2</c>, …), from its stats socket.</summary>
    public async Task<string> StatusAsync(string node) => (await StatsAsync(node))["status"];

    /// <summary>
    /// The node's row of HAProxy's statistics (<c>show stat</c>), by column name: e.g. <c>econ</c> (connections that
    /// failed), <c>eresp</c> (responses that failed), <c>wretr</c> and <c>wredis</c> (requests retried, sent elsewhere).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> StatsAsync(string node)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(StatsSocket));
        await socket.SendAsync(Encoding.ASCII.GetBytes("show stat\n"), SocketFlags.None);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var csv = await reader.ReadToEndAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var row = lines.Select(line => line.Split(',')).FirstOrDefault(f => f.Length >= header.Length && f[0] == "depot" && f[1] == node)
            ?? throw new InvalidOperationException($"HAProxy does not know the node {node}");
        return header.Zip(row).Where(p => p.First.Length > 0).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>Waits (bounded) until HAProxy reports <paramref name="status"/> for the node.</summary>
    public async Task WaitForStatusAsync(string node, string status, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            try
            {
                last = await StatusAsync(node);
                if (last == status)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening on its socket yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"HAProxy did not report {node} as {status} within {timeout.TotalSeconds:0} s (last: {last})");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            Live.TryRemove(_process.Id, out _);
            _process.Dispose();
            _folder.Delete(recursive: true);
        }
    }

    private static string Config(int port, string statsSocket, IReadOnlyDictionary<string, int> nodes)
    {
        var servers = string.Concat(nodes.Select(node => string.Create(CultureInfo.InvariantCulture,
            $"    server {node.Key} 127.0.0.1:{node.Value} check inter 500ms fall 1 rise 2\n")));
        return $"""
            global
                stats socket {statsSocket} mode 600 level admin
                maxconn 1000

            defaults
                mode http
                option httplog
                timeout connect 2s
                timeout client 10m
                timeout server 10m
                timeout http-request 30s
                timeout http-keep-alive 10s
                retries 3
                retry-on conn-failure
                option redispatch 1

            frontend depot-in
                bind 127.0.0.1:{port}
                option forwardfor
                default_backend depot

            backend depot
                balance roundrobin
                option httpchk
                http-check send meth GET uri /readyz
                http-check expect status 200
                default-server check
            {servers}
            """;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Log(ITestOutputHelper? output, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            output?.WriteLine($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} haproxy: {line}");
        }
        catch (InvalidOperationException)
        {
        }
    }
}
