namespace Depot.Cli.Tests.Flows;

/// <summary>
/// Runs <c>depot</c> in-process as one person would on one machine: its own config folder, environment and working
/// directory, so runs never share state with other tests.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("depot-cli-");
    private readonly Dictionary<string, string> _environment = new();

    public CliRunner()
    {
        _environment["DEPOT_CONFIG_DIR"] = ConfigDirectory;
        Directory.CreateDirectory(WorkingDirectory);
    }

    public string ConfigDirectory => Path.Combine(_home.FullName, "config");

    public string WorkingDirectory => Path.Combine(_home.FullName, "work");

    public string ConfigFile => Path.Combine(ConfigDirectory, "config.json");

    /// <summary>Whether the CLI believes a person answers prompts (stdin then carries their answers).</summary>
    public bool Interactive { get; set; }

    /// <summary>Whether the CLI believes stderr is a terminal (progress bars are drawn there).</summary>
    public bool ShowProgress { get; set; }

    /// <summary>The CLI's clock (the system's unless a test pins it).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public CliRunner With(string variable, string? value)
    {
        if (value is null)
        {
            _environment.Remove(variable);
        }
        else
        {
            _environment[variable] = value;
        }

        return this;
    }

    public async Task<CliResult> RunAsync(params string[] args) => await RunWithInputAsync("", args);

    public Task<CliResult> RunWithInputAsync(string stdin, params string[] args) => RunUntilAsync(stdin, CancellationToken.None, args);

    /// <summary>Runs until the command ends or <paramref name="stop"/> fires (as Ctrl+C would), at most 2 minutes.</summary>
    public async Task<CliResult> RunUntilAsync(string stdin, CancellationToken stop, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var raw = new MemoryStream();
        var host = new CliHost(stdout, stderr, new StringReader(stdin), name => _environment.GetValueOrDefault(name))
        {
            WorkingDirectory = WorkingDirectory,
            Interactive = Interactive,
            ShowProgress = ShowProgress,
            Time = Time,
            OpenStandardOutput = () => raw,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var exitCode = await CliApp.RunAsync(args, host, timeout.Token);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString()) { Bytes = raw.ToArray() };
    }

    public void Dispose() => _home.Delete(recursive: true);
}
