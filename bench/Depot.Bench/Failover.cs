using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Depot.Bench;

/// <summary>
/// <c>depot-bench failover</c>: how long HAProxy takes to route around a node that dies. Keeps <c>--connections</c>
/// loops of GETs of one small file going through HAProxy, sends the node's process <c>--signal</c> (KILL: the process
/// is gone and the kernel refuses its port at once; STOP: it is frozen, as a hung machine or a cut link, and nothing
/// answers), and reads HAProxy's stats socket every 20 ms until the server shows DOWN. Reports the time to DOWN, the
/// requests that failed (or did not answer within 10 s) and when the last one started, and the slowest request after
/// the signal. A STOPped node is sent CONT after the measurement, so it can be stopped normally.
/// </summary>
internal static class Failover
{
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan DownTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private const string Usage = """
        depot-bench failover --url HAPROXY_URL --stats-socket PATH --server NAME --pid PID [--signal KILL|STOP]
                             [--connections N] [--depot-user NAME] (password: $DEPOT_BENCH_PASSWORD) [--out-md FILE]
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter progress)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal) { ["--signal"] = "KILL", ["--connections"] = "4", ["--depot-user"] = "admin" };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o[args[i]] = args[i + 1];
        }

        if (new[] { "--url", "--stats-socket", "--server", "--pid" }.FirstOrDefault(k => !o.ContainsKey(k)) is { } missing)
        {
            progress.WriteLine($"{missing} is required\n{Usage}");
            return 2;
        }

        var connections = int.Parse(o["--connections"], CultureInfo.InvariantCulture);
        var signal = o["--signal"].ToUpperInvariant();
        var pid = int.Parse(o["--pid"], CultureInfo.InvariantCulture);
        var http = HttpClients.Create(new Uri(o["--url"]), connections);
        http.Timeout = RequestTimeout;
        var target = new DepotTarget("cluster", http, o["--depot-user"], Environment.GetEnvironmentVariable("DEPOT_BENCH_PASSWORD") ?? "");
        await target.PrepareAsync(CancellationToken.None);
        await target.CreateFolderAsync("failover", CancellationToken.None);
        var probe = new byte[4096];
        new PseudoRandom(7).Fill(probe);
        await target.PutSmallAsync($"failover/probe-{signal}.bin", probe, probe.Length, dav: false, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var samples = new ConcurrentBag<(double StartMs, double Ms, bool Ok)>();
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[16 * 1024];
            while (!stop.IsCancellationRequested)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                var ok = true;
                try
                {
                    // No retry here: what HAProxy does not hide, the client sees.
                    using var response = await http.GetAsync($"api/v1/files/failover/probe-{signal}.bin", HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    ok = response.IsSuccessStatusCode && await ReadAllAsync(body, buffer) == probe.Length;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    ok = false;
                }

                samples.Add((start, clock.Elapsed.TotalMilliseconds - start, ok));
            }
        })).ToList();

        await Task.Delay(Steady);
        var before = await StatsAsync(o["--stats-socket"], o["--server"]);
        var signalledMs = clock.Elapsed.TotalMilliseconds;
        using (var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync();
        }

        double? downMs = null;
        var status = before["status"];
        while (clock.Elapsed.TotalMilliseconds - signalledMs < DownTimeout.TotalMilliseconds)
        {
            status = (await StatsAsync(o["--stats-socket"], o["--server"]))["status"];
            if (status.StartsWith("DOWN", StringComparison.Ordinal))
            {
                downMs = clock.Elapsed.TotalMilliseconds - signalledMs;
                break;
            }

            await Task.Delay(20);
        }

        await Task.Delay(After);
        var afterStats = await StatsAsync(o["--stats-socket"], o["--server"]);
        await stop.CancelAsync();
        if (signal == "STOP")
        {
            using var resume = Process.Start(new ProcessStartInfo("kill", ["-CONT", pid.ToString(CultureInfo.InvariantCulture)]))!;
            await resume.WaitForExitAsync();
        }

        await Task.WhenAll(loops);

        var all = samples.ToList();
        var steady = all.Where(s => s.StartMs < signalledMs).ToList();
        var later = all.Where(s => s.StartMs + s.Ms >= signalledMs).ToList();
        var failed = later.Where(s => !s.Ok).ToList();
        string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " ms" : "–";
        string Stat(string column) => (Count(afterStats, column) - Count(before, column)).ToString(CultureInfo.InvariantCulture);
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"| SIG{signal} {o["--server"]} | {Ms(downMs)} | ")
            .Append(CultureInfo.InvariantCulture, $"{failed.Count} of {later.Count} | {Ms(failed.Count > 0 ? failed.Max(f => f.StartMs) - signalledMs : null)} | ")
            .Append(CultureInfo.InvariantCulture, $"{Ms(later.Count > 0 ? later.Max(s => s.Ms) : null)} | {Ms(steady.Count > 0 ? Stats.Median(steady.Select(s => s.Ms)) : null)} | ")
            .Append(CultureInfo.InvariantCulture, $"{Stat("econ")} / {Stat("eresp")} / {Stat("wretr")} / {Stat("wredis")} | {status} |")
            .ToString();
        progress.WriteLine(line);
        await stdout.WriteLineAsync(line);
        if (o.TryGetValue("--out-md", out var path))
        {
            await File.AppendAllTextAsync(path, line + "\n");
        }

        return downMs is null ? 1 : 0;
    }

    private static long Count(IReadOnlyDictionary<string, string> row, string column) =>
        long.TryParse(row.GetValueOrDefault(column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static async Task<long> ReadAllAsync(Stream body, byte[] buffer)
    {
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The server's row of <c>show stat</c>, by column name.</summary>
    private static async Task<Dictionary<string, string>> StatsAsync(string socketPath, string server)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await socket.SendAsync(Encoding.ASCII.GetBytes("show stat\n"), SocketFlags.None);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var row = lines.Skip(1).Select(l => l.Split(',')).First(f => f.Length > 1 && f[1] == server);
        return header.Zip(row).Where(p => p.First.Length > 0).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }
}
