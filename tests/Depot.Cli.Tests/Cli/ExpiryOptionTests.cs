using System.CommandLine;
using Depot.Cli.Parsing;

namespace Depot.Cli.Tests.Cli;

public sealed class ExpiryOptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90d", 90 * 24 * 60)]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    [InlineData("2w", 14 * 24 * 60)]
    public void Durations_count_from_now(string text, int minutes) => Assert.Equal(Now.AddMinutes(minutes), Parse(text));

    [Fact]
    public void Dates_without_an_offset_are_utc() =>
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero), Parse("2027-01-31"));

    [Fact]
    public void Garbage_is_a_parse_error_that_names_the_accepted_forms()
    {
        var (_, command) = Command();
        var result = command.Parse(["--expires", "someday"]);
        var error = Assert.Single(result.Errors);
        Assert.Contains("'someday' is not an expiry", error.Message, StringComparison.Ordinal);
        Assert.Contains("7d", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset? Parse(string text)
    {
        var (option, command) = Command();
        var result = command.Parse(["--expires", text]);
        Assert.Empty(result.Errors);
        return result.GetValue(option);
    }

    private static (Option<DateTimeOffset?> Option, RootCommand Command) Command()
    {
        var option = ExpiryOption.Create("When it ends", new FixedTime(Now));
        return (option, new RootCommand { option });
    }
}
