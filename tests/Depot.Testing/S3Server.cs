using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Depot.Testing;

/// <summary>
/// A real S3 server owned by the test process: Ceph RGW from Debian's packages (radosgw, ceph-mon, ceph-osd,
/// ceph-common; scripts/test.sh installs them), started by the repository's <c>scripts/s3/start-rgw.sh</c> on a free
/// 127.0.0.1 port with every file in a temp folder; objects live in RAM (MemStore: the fastest start, ~5 s here, against
/// ~11 s for a BlueStore file). One server per test process (<see cref="Shared"/>), one bucket per test class or harness
/// (<see cref="CreateBucket"/>). Its three daemons are stopped by their PIDs, and the folder deleted, on dispose or when
/// the test process exits; a later run sweeps what a killed test process left.
/// </summary>
public sealed class S3Server : IDisposable
{
    public const string AccessKey = "depot-test-access";
    public const string SecretKey = "depot-test-secret-0123456789";
    public const string Region = "us-east-1";
    private const string FolderPrefix = "depot-rgw-";
    private const string OwnerFile = "owner.pid";
    private static readonly string[] Daemons = ["client.rgw.depot", "osd.0", "mon.a"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static readonly Lazy<S3Server> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly DirectoryInfo _folder;
    private int _disposed;

    private S3Server(DirectoryInfo folder, int port, TimeSpan startTime)
    {
        _folder = folder;
        ServiceUrl = $"http://127.0.0.1:{port}";
        StartTime = startTime;
    }

    /// <summary>True where RGW is installed (scripts/test.sh installs it).</summary>
    public static bool IsInstalled => File.Exists("/usr/bin/radosgw") && File.Exists("/usr/bin/ceph-mon") && File.Exists("/usr/bin/ceph-osd");

    /// <summary>The test process's server, started on first use and stopped when the process exits.</summary>
    public static S3Server Shared => Instance.Value;

    public string ServiceUrl { get; }

    /// <summary>How long the start took, for the record.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>A client as Depot configures its own: path-style, checksums only where S3 requires them (RGW 16 rejects the rest).</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>A new, empty bucket with a unique name.</summary>
    public string CreateBucket(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}".ToLowerInvariant();
        using var client = CreateClient();
        client.PutBucketAsync(new PutBucketRequest { BucketName = name }).GetAwaiter().GetResult();
        return name;
    }

    /// <summary>The configuration that puts a Depot server's file contents into <paramref name="bucket"/> on this server.</summary>
    public IReadOnlyList<string> DepotArguments(string bucket) =>
    [
        "--Depot:Storage:Provider=s3",
        $"--Depot:Storage:S3:ServiceUrl={ServiceUrl}",
        $"--Depot:Storage:S3:Bucket={bucket}",
        $"--Depot:Storage:S3:Region={Region}",
        $"--Depot:Storage:S3:AccessKey={AccessKey}",
        $"--Depot:Storage:S3:SecretKey={SecretKey}",
        "--Depot:Storage:S3:ForcePathStyle=true",
    ];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopDaemons(_folder);
        TryDelete(_folder);
    }

    private static S3Server Start()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("Ceph RGW is not installed; install the Debian packages radosgw ceph-mon ceph-osd ceph-common.");
        }

        SweepLeftovers();
        var folder = Directory.CreateTempSubdirectory(FolderPrefix);
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            var port = FreePort();
            var started = Stopwatch.StartNew();
            RunScript(port, folder.FullName);
            var server = new S3Server(folder, port, started.Elapsed);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
            return server;
        }
        catch
        {
            StopDaemons(folder);
            TryDelete(folder);
            throw;
        }
    }

    private static void RunScript(int port, string folder)
    {
        var start = new ProcessStartInfo(Path.Combine(Repository.Root, "scripts", "s3", "start-rgw.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(folder);
        start.Environment["S3_ACCESS_KEY"] = AccessKey;
        start.Environment["S3_SECRET_KEY"] = SecretKey;
        // The script's watchdog stops the daemons when this process is gone, should the exit handler not run to the end.
        start.Environment["S3_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start start-rgw.sh.");
        // The daemons inherit the pipes, so the output is read until the script exits, not to the end of the pipes.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StartTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"start-rgw.sh did not finish in {StartTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            Task.WaitAll([output, error], TimeSpan.FromSeconds(5));
            throw new InvalidOperationException($"start-rgw.sh exited with {process.ExitCode}: {Tail(error)}");
        }
    }

    private static string Tail(Task<string> text) => text.IsCompletedSuccessfully ? text.Result : "";

    /// <summary>Stops the daemons of test processes that are gone: the test host may be killed before its exit handler ran.</summary>
    private static void SweepLeftovers()
    {
        foreach (var folder in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(FolderPrefix + "*"))
        {
            try
            {
                var owner = Path.Combine(folder.FullName, OwnerFile);
                if (File.Exists(owner) && !IsRunning(int.Parse(File.ReadAllText(owner), CultureInfo.InvariantCulture)))
                {
                    StopDaemons(folder);
                    TryDelete(folder);
                }
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // Another run's folder in the middle of something: left for a later sweep.
            }
        }
    }

    // RGW first (it holds the cluster's clients), then the OSD, then the monitor; each by the PID in its pid file, and
    // only if that PID is still a Ceph daemon (a stale file must not kill an unrelated process).
    private static void StopDaemons(DirectoryInfo folder)
    {
        foreach (var daemon in Daemons)
        {
            var pidFile = Path.Combine(folder.FullName, "run", daemon + ".pid");
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (!IsRunning(pid) || File.ReadAllText($"/proc/{pid}/comm").Trim() is not ("radosgw" or "ceph-osd" or "ceph-mon"))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }

            WaitGone(pid, TimeSpan.FromSeconds(10));
        }
    }

    private static void TryDelete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the run for it is not.
        }
    }

    private static void WaitGone(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) S ..."; the state follows the last ')'. A zombie counts as gone.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
