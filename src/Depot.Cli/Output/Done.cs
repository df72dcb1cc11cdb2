namespace Depot.Cli.Output;

/// <summary>The <c>--json</c> answer of a command that has nothing else to report (logout, rm, purge…).</summary>
internal sealed record Done(bool Ok, IReadOnlyList<string>? Paths = null);
