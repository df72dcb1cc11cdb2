namespace Depot.Cli.Tests;

/// <summary>A clock whose "now" stays at one instant: for rules that depend on the time a command runs at.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
