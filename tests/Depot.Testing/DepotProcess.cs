using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Depot.Testing;

/// <summary>
/// The real server as a separate OS process (<c>dotnet depot-server.dll</c>) on 127.0.0.1 with a port the OS chose,
/// for tests that kill it. <see cref="KillAsync"/> is SIGKILL: no shutdown code runs, as in a crash or power cut of
/// the process (the OS page cache survives, so this tests write order and atomicity, not fsync).
/// <see cref="RestartAsync"/> starts a new process on the same data folder. Only processes started here are ever
/// killed, by their own handle; disposing kills a live one, so none is left behind.
/// </summary>
public sealed partial class DepotProcess : IAsyncDisposable, IDisposable
{
    /// <summary>The password the bootstrap admin gets on this server's first start.</summary>
    public const string AdminPassword = TestAccounts.AdminPassword;

    private TestAccounts? _accounts;

    // 30 s: a cold `dotnet` start on a busy 2-core machine with JIT takes 1–5 s; a hang should fail, not stall CI.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private const int KeptOutputLines = 300;

    private readonly DirectoryInfo _data;
    private readonly bool _ownsData;
    private readonly string[] _extraArguments;
    private readonly ConcurrentQueue<(long Number, string Line)> _recentOutput = new();
    private readonly StringBuilder _allOutput = new();
    private long _linesSeen;
    private Process? _process;
    private TaskCompletionSource<Uri>? _listening;
    private Uri? _address;

    static DepotProcess()
    {
        // If the test host exits normally with a server still running (a test forgot to dispose), take it along.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Live.Values)
            {
                TryKill(process);
            }
        };
    }

    /// <param name="output">Where the child's stdout/stderr go (xunit test output); may be null.</param>
    /// <param name="dataPath">An existing data folder to use; by default a new temporary one, deleted on dispose.</param>
    /// <param name="extraArguments">Extra configuration on the command line, e.g. <c>--Depot:Storage:X=1</c>.</param>
    public DepotProcess(ITestOutputHelper? output = null, string? dataPath = null, IEnumerable<string>? extraArguments = null)
    {
        Output = output;
        _ownsData = dataPath is null;
        _data = dataPath is null ? Directory.CreateTempSubdirectory("depot-proc-") : new DirectoryInfo(dataPath);
        _extraArguments = extraArguments?.ToArray() ?? [];
    }

    /// <summary>Where the process starts; by default the program's own folder, as when an operator runs it from there.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra environment variables for the process (e.g. <c>Logging__LogLevel__Default=Trace</c>).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Test output for the child's log; replaceable so one process can serve several tests.</summary>
    public ITestOutputHelper? Output { get; set; }

    public string DataPath => _data.FullName;

    /// <summary>Where the current process listens; changes on every restart.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The server is not running");

    public int? ProcessId => _process?.Id;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string RecentOutput => string.Join(System.Environment.NewLine, _recentOutput.Select(l => l.Line));

    /// <summary>Everything the server wrote since this object was made (across restarts), for tests that search the whole log.</summary>
    public string AllOutput
    {
        get
        {
            lock (_allOutput)
            {
                return _allOutput.ToString();
            }
        }
    }

    /// <summary>How many output lines have arrived so far: pass it to <see cref="WaitForOutputAsync"/> to see only later ones.</summary>
    public long OutputMark => Interlocked.Read(ref _linesSeen);

    /// <summary>
    /// Waits (bounded) for a line of the server's output after <paramref name="mark"/> that contains
    /// <paramref name="text"/>, e.g. the request log line that says a request has been handled completely.
    /// </summary>
    public async Task<string> WaitForOutputAsync(string text, long mark, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var line = _recentOutput.FirstOrDefault(l => l.Number > mark && l.Line.Contains(text, StringComparison.Ordinal)).Line;
            if (line is not null)
            {
                return line;
            }

            if (deadline.Elapsed >= timeout)
            {
                throw new TimeoutException($"No server output containing '{text}' within {timeout.TotalSeconds:0} s. Its output:{System.Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Starts a server on a fresh temporary data folder and waits until it answers.</summary>
    public static async Task<DepotProcess> StartNewAsync(ITestOutputHelper? output, CancellationToken cancellationToken = default)
    {
        var depot = new DepotProcess(output);
        try
        {
            await depot.StartAsync(cancellationToken);
            return depot;
        }
        catch
        {
            await depot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server process and returns once it listens and answers HTTP.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"Server process {_process!.Id} is already running");
        }

        DisposeProcess();
        var start = ServerExecutable.StartInfo(["--urls=http://127.0.0.1:0", $"--Depot:DataPath={DataPath}",
            $"--DEPOT_ADMIN_PASSWORD={AdminPassword}", .. TestMetadata.Arguments(DataPath), .. TestStorage.Arguments(DataPath), .. _extraArguments], WorkingDirectory);

        // One log record per line (the port is parsed from it), no colours, timestamps to line up with test events.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _listening = listening;
        _address = null;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, "out", listening);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, "err", listening);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The server process exited while starting"));
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start the server process");
        }

        _process = process;
        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Log($"started server pid {process.Id}: {start.FileName} {string.Join(' ', start.ArgumentList)}");

        try
        {
            _address = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
            await WaitUntilAnsweringAsync(cancellationToken);
        }
        catch (Exception e)
        {
            await KillAsync(); // never leave a half-started server behind
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new InvalidOperationException(
                $"The server did not become ready within {StartTimeout.TotalSeconds:0} s ({e.Message}). Its output:{System.Environment.NewLine}{RecentOutput}", e);
        }
    }

    /// <summary>SIGKILL (the whole process tree) and wait until it is gone. A no-op when not running.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            Log($"killing server pid {process.Id} (SIGKILL)");
            TryKill(process);
        }

        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token); // also drains the redirected output
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"Server pid {process.Id} did not exit within {ExitTimeout.TotalSeconds:0} s of SIGKILL");
        }

        Live.TryRemove(process.Id, out _);
        _address = null;
    }

    /// <summary>
    /// SIGTERM, as systemd or an operator stops the server: it drains and exits by itself. Waits (bounded by
    /// <paramref name="timeout"/>, then SIGKILL and an exception) and returns the exit code.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running");
        Log($"stopping server pid {process.Id} (SIGTERM)");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"Server pid {process.Id} did not exit within {timeout.TotalSeconds:0} s of SIGTERM");
        }

        Live.TryRemove(process.Id, out _);
        _address = null;
        return process.ExitCode;
    }

    /// <summary>Kills the running server (if any) and starts a new one on the same data folder.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync();
        await StartAsync(cancellationToken);
    }

    /// <summary>A client whose requests always reach the current process, across restarts.</summary>
    public HttpClient CreateHttpClient() =>
        new(new CurrentAddressHandler(() => Address)) { BaseAddress = CurrentAddressHandler.Placeholder, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Accounts on this server through its API (tokens are stored, so they survive restarts).</summary>
    public TestAccounts Accounts => _accounts ??= new TestAccounts(CreateHttpClient, "proc");

    public HttpClient CreateHttpClient(string token) => Accounts.CreateHttpClient(token);

    /// <summary>Signs in over HTTP and returns the bearer token.</summary>
    public Task<string> SignInAsync(string username, string password) => Accounts.SignInAsync(username, password);

    public Task<HttpClient> CreateAdminHttpClientAsync() => Accounts.CreateAdminHttpClientAsync();

    /// <summary>Creates a fresh user through the admin API and signs them in: every test gets its own account.</summary>
    public Task<TestUser> CreateUserAsync(long? quotaBytes = null, bool isAdmin = false) => Accounts.CreateUserAsync(quotaBytes, isAdmin);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            DisposeProcess();
            DeleteData();
        }
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            TryKill(process);
            process.WaitForExit(ExitTimeout);
        }

        DisposeProcess();
        DeleteData();
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        // /healthz is the contract; before it existed the OpenAPI document was the cheapest anonymous route.
        string[] probes = ["/healthz", "/openapi/v1.json"];
        while (true)
        {
            foreach (var probe in probes)
            {
                try
                {
                    using var response = await http.GetAsync(probe, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (deadline.Elapsed < StartTimeout)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.Elapsed < StartTimeout)
                {
                }
            }

            if (deadline.Elapsed >= StartTimeout || _process is not { HasExited: false })
            {
                throw new TimeoutException($"no answer from {string.Join(" or ", probes)}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void OnOutput(string? line, string stream, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_allOutput)
        {
            _allOutput.AppendLine(line);
        }

        _recentOutput.Enqueue((Interlocked.Increment(ref _linesSeen), line));
        while (_recentOutput.Count > KeptOutputLines && _recentOutput.TryDequeue(out _))
        {
        }

        if (!listening.Task.IsCompleted && ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }

        Log($"[{stream}] {line}");
    }

    private void Log(string message)
    {
        try
        {
            Output?.WriteLine($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} depot: {message}");
        }
        catch (InvalidOperationException)
        {
            // The test that owned this output has finished (output from a dying process arrives late).
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we asked.
        }
    }

    private void DisposeProcess()
    {
        if (_process is { } process)
        {
            Live.TryRemove(process.Id, out _);
            process.Dispose();
            _process = null;
        }
    }

    private void DeleteData()
    {
        if (!_ownsData)
        {
            return;
        }

        try
        {
            _data.Refresh();
            if (_data.Exists)
            {
                _data.Delete(recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the OS's temp cleanup; never worth failing a test over.
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>https?://\S+)")]
    private static partial Regex ListeningLine();
}
