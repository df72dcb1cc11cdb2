namespace Depot.Cli;

/// <summary>
/// What the CLI gets from its process: standard streams, environment, working directory, and whether a person is
/// at a terminal. Tests pass their own, so runs in one test process never share state.
/// </summary>
internal sealed record CliHost(TextWriter Out, TextWriter Error, TextReader In, Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>A person can answer prompts (stdin is a terminal).</summary>
    public bool Interactive { get; init; }

    /// <summary>Progress bars may be drawn (stderr is a terminal).</summary>
    public bool ShowProgress { get; init; }

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The raw standard output, for file bytes (<c>cat</c>, <c>get PATH -</c>) that must not pass through a text writer.</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = Console.OpenStandardOutput;

    /// <summary>Asks for a secret without echoing it; the default reads a line from <see cref="In"/>.</summary>
    public Func<string, string?>? ReadSecret { get; init; }

    public string? Prompt(string prompt, bool secret = false)
    {
        if (secret && ReadSecret is { } readSecret)
        {
            return readSecret(prompt);
        }

        Error.Write(prompt);
        Error.Flush();
        return In.ReadLine();
    }

    public string ResolveLocal(string path) => Path.GetFullPath(path, WorkingDirectory);
}
