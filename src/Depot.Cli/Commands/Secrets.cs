namespace Depot.Cli.Commands;

/// <summary>
/// Where passwords come from, in order: a line of stdin (<c>--password-stdin</c>), an environment variable, a prompt
/// without echo when a person is at the terminal. Never from a command-line argument, which other users can see in ps.
/// </summary>
internal static class Secrets
{
    public const string PasswordVariable = "DEPOT_PASSWORD";
    public const string NewPasswordVariable = "DEPOT_NEW_PASSWORD";

    public static string Read(Invocation run, bool fromStdin, string variable, string prompt)
    {
        if (fromStdin)
        {
            return run.Host.In.ReadLine() is { Length: > 0 } line
                ? line
                : throw new CliException(ExitCodes.Usage, "--password-stdin: no password on stdin.");
        }

        if (run.Host.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (!run.Host.Interactive)
        {
            throw new CliException(ExitCodes.Usage, $"No password: set {variable} or use --password-stdin.");
        }

        return run.Host.Prompt(prompt, secret: true) is { Length: > 0 } typed
            ? typed
            : throw new CliException(ExitCodes.Usage, "No password given.");
    }

    /// <summary>A new password: prompted twice at a terminal so a typo does not lock anyone out.</summary>
    public static string ReadNew(Invocation run, bool fromStdin, string prompt)
    {
        var password = Read(run, fromStdin, NewPasswordVariable, prompt);
        if (!fromStdin && run.Host.Interactive && run.Host.GetEnvironmentVariable(NewPasswordVariable) is null or "")
        {
            var again = run.Host.Prompt("Repeat: ", secret: true);
            if (again != password)
            {
                throw new CliException(ExitCodes.Usage, "The passwords do not match.");
            }
        }

        return password;
    }
}
