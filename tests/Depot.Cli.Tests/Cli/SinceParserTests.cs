using Depot.Cli.Parsing;

namespace Depot.Cli.Tests.Cli;

public sealed class SinceParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("24h", 24 * 60)]
    [InlineData("30m", 30)]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("2W", 14 * 24 * 60)]
    public void Durations_count_back_from_now(string text, int minutes) =>
        Assert.Equal(Now.AddMinutes(-minutes), SinceParser.Parse(text, Now));

    [Fact]
    public void Dates_without_an_offset_are_utc() =>
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 8, 0, 0, TimeSpan.Zero), SinceParser.Parse("2026-01-31T08:00:00", Now));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("5y")]
    public void Garbage_is_a_usage_error(string text) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => SinceParser.Parse(text, Now)).ExitCode);
}
