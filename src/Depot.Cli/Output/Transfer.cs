namespace Depot.Cli.Output;

/// <summary>One file moved by <c>put</c> or <c>get</c>, as reported with <c>--json</c>.</summary>
internal sealed record Transfer(string Local, string Remote, long Size, string? Sha256);
