using Depot.Client.Http;

namespace Depot.Cli.Tests.Client;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seconds_are_a_delay() => Assert.Equal(TimeSpan.FromSeconds(120), RetryAfter.Parse("120", Now));

    [Fact]
    public void An_http_date_is_the_time_until_then() =>
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.Parse("Fri, 20 Nov 2026 12:01:30 GMT", Now));

    [Fact]
    public void A_date_in_the_past_means_now() =>
        Assert.Equal(TimeSpan.Zero, RetryAfter.Parse("Fri, 20 Nov 2026 11:00:00 GMT", Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void Missing_or_garbage_is_no_retry_after(string? value) => Assert.Null(RetryAfter.Parse(value, Now));
}
