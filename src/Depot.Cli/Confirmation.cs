using System.CommandLine;

namespace Depot.Cli;

/// <summary>
/// The one rule for verbs that destroy data with no trash to recover it from: at a terminal they ask (y/N);
/// <c>--yes</c> (<c>-y</c>, <c>-f</c>) answers for scripts; without a terminal and without the flag they refuse,
/// because a script that never anticipated the question must not destroy data by default (issue 14).
/// </summary>
internal static class Confirmation
{
    public static Option<bool> CreateOption() => new("--yes", "-y", "-f")
    {
        Description = "Do not ask for confirmation (needed without a terminal)",
    };

    /// <summary>Returns when confirmed; throws a <see cref="CliException"/> when refused or declined.</summary>
    public static void Require(Invocation run, bool yes, string what)
    {
        if (yes)
        {
            return;
        }

        if (!run.Host.Interactive)
        {
            throw new CliException(ExitCodes.Usage, $"Refusing to {what} without confirmation: no terminal to ask at. Add --yes to confirm.");
        }

        var answer = run.Host.Prompt($"{char.ToUpperInvariant(what[0])}{what[1..]}? This cannot be undone. [y/N] ");
        if (answer?.Trim().ToUpperInvariant() is not ("Y" or "YES"))
        {
            // Declining is an answer, not a usage mistake: exit 1, nothing done.
            throw new CliException(ExitCodes.Error, "Cancelled; nothing was changed.");
        }
    }
}
