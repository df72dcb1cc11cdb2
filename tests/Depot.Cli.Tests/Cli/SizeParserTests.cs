using Depot.Cli.Commands;
using Depot.Cli.Output;
using Depot.Cli.Parsing;

namespace Depot.Cli.Tests.Cli;

public sealed class SizeParserTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1048576", 1048576L)]
    [InlineData("10GiB", 10L * 1024 * 1024 * 1024)]
    [InlineData("10 gib", 10L * 1024 * 1024 * 1024)]
    [InlineData("10G", 10L * 1024 * 1024 * 1024)]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("1.5KiB", 1536L)]
    [InlineData("2TB", 2_000_000_000_000L)]
    [InlineData("100B", 100L)]
    public void Sizes_parse_with_binary_and_decimal_units(string text, long expected)
    {
        Assert.True(SizeParser.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GiB")]
    [InlineData("10XB")]
    [InlineData("-5")]
    [InlineData("1.5B")]
    [InlineData("99999999999PiB")]
    public void Garbage_is_rejected(string text) => Assert.False(SizeParser.TryParse(text, out _));

    [Fact]
    public void A_bad_size_is_a_usage_error()
    {
        var error = Assert.Throws<CliException>(() => SizeParser.Parse("lots"));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public void Unlimited_quota_is_null()
    {
        Assert.Null(UsersCommand.ParseQuota("unlimited"));
        Assert.Equal(1024, UsersCommand.ParseQuota("1KiB"));
    }

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(10L * 1024 * 1024 * 1024, "10 GiB")]
    public void Sizes_format_for_people(long bytes, string expected) => Assert.Equal(expected, Sizes.Format(bytes));
}
