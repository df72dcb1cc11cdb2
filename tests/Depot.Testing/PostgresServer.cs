using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Depot.Testing;

/// <summary>
/// A real PostgreSQL server owned by the test process: Debian's PostgreSQL 15 binaries (package <c>postgresql</c>),
/// <c>initdb</c> into a temp folder and <c>pg_ctl start</c> on a free 127.0.0.1 port, its unix socket inside that
/// folder. No system service, no Docker. One server per test process (<see cref="Shared"/>), one database per test
/// class or harness (<see cref="CreateDatabase"/>). Stopped by its PID, and its folder deleted, on dispose or when the
/// test process exits.
/// <para>
/// PostgreSQL refuses to run as root, and the tests run as root here: the server then runs as the <c>postgres</c>
/// system user the Debian package creates, and the temp folder belongs to it.
/// </para>
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string BinFolder = "/usr/lib/postgresql/15/bin";
    private const string SystemUser = "postgres";
    private const string FolderPrefix = "depot-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<PostgresServer> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly DirectoryInfo _folder;
    private readonly int _pid;
    private int _disposed;

    private PostgresServer(DirectoryInfo folder, int port, int pid)
    {
        _folder = folder;
        _pid = pid;
        Port = port;
    }

    /// <summary>True where the binaries are installed (scripts/test.sh installs them).</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(BinFolder, "initdb"));

    /// <summary>The test process's server, started on first use and stopped when the process exits.</summary>
    public static PostgresServer Shared => Instance.Value;

    public int Port { get; }

    public string DataFolder => Path.Combine(_folder.FullName, "data");

    /// <summary>The superuser's connection string to <paramref name="database"/> over TCP on 127.0.0.1.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SystemUser,
        Database = database,
        // Every test database has its own pool; idle connections go soon so hundreds of them never reach max_connections.
        ConnectionIdleLifetime = 2,
        ConnectionPruningInterval = 1,
        MaxPoolSize = 20,
    }.ToString();

    /// <summary>
    /// A new, empty database with a unique name (cheap: a copy of <c>template0</c>), and its connection string. Its
    /// default collation is "C", or the ICU locale <paramref name="icuLocale"/> (such as <c>en-US</c>): most installations
    /// default to a language's collation, which Depot must not depend on.
    /// </summary>
    public string CreateDatabase(string prefix = "t", string? icuLocale = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        var locale = icuLocale is null ? "LC_COLLATE 'C' LC_CTYPE 'C'"
            : $"LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'";
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' {locale}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Stops the server by its PID (<c>pg_ctl stop -m immediate</c>, then SIGKILL if it lingers) and deletes its folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Run(Bin("pg_ctl"), "stop", "-D", DataFolder, "-m", "immediate", "-w", "-t", "30");
        }
        catch (InvalidOperationException)
        {
            // Still ours to end: the PID below.
        }

        EnsureGone(_pid);
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the run for it is not.
        }
    }

    private static PostgresServer Start()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinFolder}); install the Debian package 'postgresql'.");
        }

        SweepLeftovers();
        var folder = Directory.CreateTempSubdirectory(FolderPrefix);
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ChownToServerUser(folder.FullName);
            var data = Path.Combine(folder.FullName, "data");
            Run(Bin("initdb"), "-D", data, "-U", SystemUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync");
            var port = FreePort();
            // fsync off: a test server's data dies with the run, and durability is PostgreSQL's to prove, not ours.
            // The crash tests kill Depot, not PostgreSQL, so a committed row still survives them.
            var options = $"-h 127.0.0.1 -p {port} -k {folder.FullName} -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB";
            Run(Bin("pg_ctl"), "start", "-D", data, "-w", "-t", "60", "-l", Path.Combine(folder.FullName, "server.log"), "-o", options);
            var pid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First().Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var server = new PostgresServer(folder, port, pid);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
            return server;
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Stops and deletes the servers of test processes that are gone: the test host may be killed before its exit
    /// handler has finished (or at all), and a server must not outlive its run for long.
    /// </summary>
    private static void SweepLeftovers()
    {
        foreach (var folder in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(FolderPrefix + "*"))
        {
            try
            {
                var owner = Path.Combine(folder.FullName, OwnerFile);
                if (!File.Exists(owner) || IsRunning(int.Parse(File.ReadAllText(owner), System.Globalization.CultureInfo.InvariantCulture)))
                {
                    continue;
                }

                var pidFile = Path.Combine(folder.FullName, "data", "postmaster.pid");
                if (File.Exists(pidFile))
                {
                    var pid = int.Parse(File.ReadLines(pidFile).First().Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    try
                    {
                        Run(Bin("pg_ctl"), "stop", "-D", Path.Combine(folder.FullName, "data"), "-m", "immediate", "-w", "-t", "30");
                    }
                    catch (InvalidOperationException)
                    {
                        // Not running any more; the PID check below.
                    }

                    EnsureGone(pid);
                }

                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // Another run's folder in the middle of something: left for a later sweep.
            }
        }
    }

    private static string Bin(string name) => Path.Combine(BinFolder, name);

    private static bool AsRoot => Environment.IsPrivilegedProcess;

    private static void ChownToServerUser(string folder)
    {
        if (AsRoot)
        {
            RunDirect("chown", SystemUser + ":", folder);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        if (AsRoot)
        {
            RunDirect("runuser", ["-u", SystemUser, "--", program, .. arguments]);
        }
        else
        {
            RunDirect(program, arguments);
        }
    }

    private static void RunDirect(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        // pg_ctl start leaves the server holding inherited pipes, so the output is read until exit, not to the end.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish in {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            Task.WaitAll([output, error], TimeSpan.FromSeconds(5));
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {Tail(output)} {Tail(error)}");
        }
    }

    private static string Tail(Task<string> text) => text.IsCompletedSuccessfully ? text.Result : "";

    // The postmaster is not our child (pg_ctl forked it), so its exit is watched in /proc; a zombie counts as gone.
    private static void EnsureGone(int pid)
    {
        if (WaitGone(pid, TimeSpan.FromSeconds(10)))
        {
            return;
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

    private static bool WaitGone(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) S ..."; the state follows the last ')'.
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
