using Depot.Cli.Parsing;

namespace Depot.Cli.Tests.Cli;

public sealed class ExpiryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90d", 90 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    [InlineData("2w", 14 * 24 * 60)]
    public void Durations_count_from_now(string text, int minutes) =>
        Assert.Equal(Now.AddMinutes(minutes), ExpiryParser.Parse(text, Now));

    [Fact]
    public void Dates_without_an_offset_are_utc() =>
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero), ExpiryParser.Parse("2027-01-31", Now));

    [Fact]
    public void Garbage_is_a_usage_error() =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => ExpiryParser.Parse("someday", Now)).ExitCode);
}
