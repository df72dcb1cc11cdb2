using System.Globalization;

namespace Depot.Bench;

/// <summary>Command-line settings. Defaults are the full run; <c>--quick</c> is a smoke test.</summary>
internal sealed record BenchOptions
{
    public Uri? Nginx { get; init; }
    /// <summary>The Depot servers under test, in report order; the first is the baseline the others are compared with.</summary>
    public List<DepotServer> Depots { get; init; } = [];
    public string DepotUser { get; init; } = "admin";
    public string? DepotPassword { get; init; } = Environment.GetEnvironmentVariable("DEPOT_BENCH_PASSWORD");
    public Dictionary<string, int> DepotPids { get; init; } = [];

    /// <summary>Processes whose CPU time each timed run records (servers, the object store's daemons), by name.</summary>
    public Dictionary<string, int> CpuPids { get; init; } = [];
    public int? NginxPid { get; init; }
    public long LargeBytes { get; init; } = 1L << 30;
    public int Files { get; init; } = 5000;
    public int FileBytes { get; init; } = 4096;
    public int Concurrency { get; init; } = 16;
    public int ListRuns { get; init; } = 7;

    /// <summary>Parallel GETs of the large file in the multi-stream row (issue 13: 8 streams).</summary>
    public int LargeStreams { get; init; } = 8;

    /// <summary>wrk's settings for the one-file GET rows: two threads (two cores), 64 connections, 10 s per run.</summary>
    public string WrkPath { get; init; } = "wrk";
    public int WrkThreads { get; init; } = 2;
    public int WrkConnections { get; init; } = 64;
    public int WrkSeconds { get; init; } = 10;

    /// <summary>The untimed wrk run before each timed one: JIT, connections and caches warm, as for every other row.</summary>
    public int WrkWarmupSeconds => Math.Clamp(WrkSeconds / 5, 1, 3);

    /// <summary>
    /// The untimed listings, PROPFINDs and small-file uploads and reads before the timed ones, as long as wrk's warm-up.
    /// One listing was not enough for a JIT runtime (after a handful the per-entry code is still in its first,
    /// instrumented tiers; bench/README.md, "Issue 13: ReadyToRun and runtime defaults"), and neither were 160 small
    /// uploads, about 50 ms: the first round's upload row was a sixth to a half of the others' for nginx as well, whose client is
    /// this .NET tool (bench/README.md, "Issue 10: warm-ups by time, ANALYZE when doubled, probes that share a query").
    /// The rows measured the warm-up curve rather than a running server.
    /// </summary>
    public TimeSpan WarmupTime => TimeSpan.FromSeconds(WrkWarmupSeconds);

    /// <summary>
    /// A second Depot of the same build with its request log off (run.sh --log-share): the report gives the request
    /// log line's share of the first Depot's time instead of a ≥ 0.8× verdict for it.
    /// </summary>
    public string? LogShareDepot { get; init; }

    // Three rounds: a shared VM's disk is noisy (fsync rates move 3× between runs); the median of
    // three interleaved rounds is stable enough to compare, and a full run still takes minutes.
    public int Rounds { get; init; } = 3;

    /// <summary>
    /// The Depot targets are ways into one cluster (one account, one database, one bucket): each works in a folder named
    /// after it, only the four transfer phases run, and the table compares every target with the first (run.sh --cluster).
    /// </summary>
    public bool Cluster { get; init; }
    public string? FsyncProbeDir { get; init; }

    /// <summary>Only these rows (their ids, e.g. upload-small), for a quick look at a few; null: every row.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>An S3 endpoint to measure through the SDK alone (targets "SDK" and "SDK-par"), beside the Depot that stores there.</summary>
    public Uri? S3 { get; init; }
    public string S3Bucket { get; init; } = "depot-bench";
    public string? S3AccessKey { get; init; } = Environment.GetEnvironmentVariable("S3_ACCESS_KEY");
    public string? S3SecretKey { get; init; } = Environment.GetEnvironmentVariable("S3_SECRET_KEY");

    // TransferUtility's default ConcurrentServiceRequests: the SDK's own idea of how many parts to keep in flight.
    public int S3PartsInFlight { get; init; } = 10;

    /// <summary>The Depot whose store is <see cref="S3"/>: the S3 table compares it with the SDK.</summary>
    public string S3Depot { get; init; } = "Depot-s3";
    public string? OutJson { get; init; }
    public string? OutMarkdown { get; init; }
    public List<KeyValuePair<string, string>> Meta { get; init; } = [];

    /// <summary>Warm-up uploads and downloads a sixteenth of the large file, between 4 and 64 MiB.</summary>
    public long WarmupBytes => Math.Clamp(LargeBytes / 16, 4L << 20, 64L << 20);

    /// <summary>Warm-up writes and reads at least ten small files per connection, and goes on for <see cref="WarmupTime"/>.</summary>
    public int WarmupFiles => Concurrency * 10;

    public const string Usage = """
        depot-bench: Depot vs nginx throughput on loopback (see bench/README.md).
          --nginx URL            nginx WebDAV root, e.g. http://127.0.0.1:8081/
          --depot [NAME=]URL     Depot server, e.g. http://127.0.0.1:8082/; repeatable with distinct names
                                 (a bare URL is named "Depot"); the first is the baseline the others are compared with
          --depot-user NAME      default admin
          --depot-password PW    default $DEPOT_BENCH_PASSWORD
          --depot-pid [NAME=]PID read that Depot's peak RSS (VmHWM) from /proc/PID/status at the end
          --nginx-pid PID        same for nginx (master plus workers), for context
          --cpu-pid NAME=PID     record that process's CPU seconds in every timed run (repeatable; the client's always)
          --quick                64 MiB large file, 500 small files, 5 listing runs, 5 s wrk runs, 1 round
          --large-mib N          large file size (default 1024)
          --files N              small file count (default 5000)
          --file-kib N           small file size (default 4)
          --concurrency N        connections for the small-file phases (default 16)
          --list-runs N          listing repetitions, median reported (default 7)
          --large-streams N      parallel GETs of the large file in the multi-stream row (default 8)
          --wrk PATH             the wrk executable (default wrk, from PATH)
          --wrk-seconds N        each timed wrk run (default 10; --quick 5), after an untimed one of a fifth of that
          --wrk-connections N    wrk's connections (default 64); --wrk-threads N (default 2)
          --log-share NAME       that --depot is the first one with its request log off: report the log's share
          --rounds N             repeat everything N times, report the median per row (default 3)
          --cluster              the --depot targets reach one cluster (direct, through HAProxy with 1, 2, 3 nodes):
                                 each in its own folder, transfer phases only, each compared with the first
          --only ID,ID…          run only these rows (ids as in the progress lines, e.g. upload-small,dav-put-small);
                                 a row that reads another's files needs that row named too
          --fsync-probe DIR      also measure durable 4 KiB writes/s (write, fsync, rename) in DIR
          --s3 URL               also measure this S3 endpoint through AWSSDK.S3 alone, configured as Depot configures it:
                                 "SDK" (parts one after another, as Depot sends them) and "SDK-par" (large upload only,
                                 --s3-parallel parts in flight); keys from $S3_ACCESS_KEY and $S3_SECRET_KEY
          --s3-bucket NAME       an existing bucket (default depot-bench); objects under sdk/ and sdk-par/
          --s3-parallel N        parts in flight for SDK-par (default 10, TransferUtility's default)
          --s3-depot NAME        the --depot that stores in that endpoint, compared with the SDK (default Depot-s3)
          --out-json FILE, --out-md FILE, --meta KEY=VALUE (repeatable, shown in the report)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--nginx" => o with { Nginx = new Uri(Next()) },
                "--depot" => o with { Depots = [.. o.Depots, DepotServer.Parse(Next())] },
                "--depot-user" => o with { DepotUser = Next() },
                "--depot-password" => o with { DepotPassword = Next() },
                "--depot-pid" => o with { DepotPids = WithPid(o.DepotPids, Next()) },
                "--cpu-pid" => o with { CpuPids = WithPid(o.CpuPids, Next()) },
                "--nginx-pid" => o with { NginxPid = NextInt() },
                "--quick" => o with { LargeBytes = 64L << 20, Files = 500, ListRuns = 5, Rounds = 1, WrkSeconds = 5 },
                "--large-mib" => o with { LargeBytes = (long)NextInt() << 20 },
                "--files" => o with { Files = NextInt() },
                "--file-kib" => o with { FileBytes = NextInt() * 1024 },
                "--concurrency" => o with { Concurrency = NextInt() },
                "--list-runs" => o with { ListRuns = NextInt() },
                "--rounds" => o with { Rounds = NextInt() },
                "--large-streams" => o with { LargeStreams = NextInt() },
                "--wrk" => o with { WrkPath = Next() },
                "--wrk-seconds" => o with { WrkSeconds = NextInt() },
                "--wrk-connections" => o with { WrkConnections = NextInt() },
                "--wrk-threads" => o with { WrkThreads = NextInt() },
                "--log-share" => o with { LogShareDepot = Next() },
                "--cluster" => o with { Cluster = true },
                "--only" => o with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal) },
                "--fsync-probe" => o with { FsyncProbeDir = Next() },
                "--s3" => o with { S3 = new Uri(Next()) },
                "--s3-bucket" => o with { S3Bucket = Next() },
                "--s3-parallel" => o with { S3PartsInFlight = NextInt() },
                "--s3-depot" => o with { S3Depot = Next() },
                "--out-json" => o with { OutJson = Next() },
                "--out-md" => o with { OutMarkdown = Next() },
                "--meta" => o with { Meta = [.. o.Meta, SplitMeta(Next())] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (o.Nginx is null && o.Depots.Count == 0)
        {
            throw new ArgumentException("give --nginx, --depot or both");
        }

        if (o.Depots.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != o.Depots.Count
            || o.Depots.Any(d => d.Name.Equals("nginx", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("each --depot needs its own name (NAME=URL), and not \"nginx\"");
        }

        if (o.LogShareDepot is { } quiet && o.Depots.Skip(1).All(d => d.Name != quiet))
        {
            throw new ArgumentException($"--log-share {quiet}: no --depot of that name after the first");
        }

        if (o.DepotPids.Keys.FirstOrDefault(name => o.Depots.All(d => d.Name != name)) is { } stray)
        {
            throw new ArgumentException($"--depot-pid {stray}=…: no --depot of that name");
        }

        _ = Phases.For(o);   // an --only that names no row, or a row without the one it reads from, fails here
        return o;
    }

    private static Dictionary<string, int> WithPid(Dictionary<string, int> pids, string value)
    {
        var (name, pid) = DepotServer.SplitName(value);
        return new(pids) { [name] = int.Parse(pid, CultureInfo.InvariantCulture) };
    }

    private static KeyValuePair<string, string> SplitMeta(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? new(pair, "") : new(pair[..eq], pair[(eq + 1)..]);
    }
}
