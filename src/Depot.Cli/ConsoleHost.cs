using Spectre.Console;

namespace Depot.Cli;

/// <summary>The real process's <see cref="CliHost"/>: the console, the environment, prompts without echo.</summary>
internal static class ConsoleHost
{
    public static CliHost Create()
    {
        var prompts = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new CliHost(Console.Out, Console.Error, Console.In, Environment.GetEnvironmentVariable)
        {
            Interactive = !Console.IsInputRedirected,
            ShowProgress = !Console.IsErrorRedirected,
            ReadSecret = prompt => prompts.Prompt(new TextPrompt<string>(prompt).Secret().AllowEmpty()),
        };
    }
}
