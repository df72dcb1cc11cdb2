using Depot.Core.Accounts;

namespace Depot.Core.Tests.Accounts;

public sealed class SecretThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start, tick: false);
    private readonly ThrottleOptions _options = new();

    [Fact]
    public void Free_failures_do_not_block_then_delay_doubles_up_to_the_cap()
    {
        var throttle = new SecretThrottle(_options, _clock);
        var key = ThrottleKey.Account("alice");
        for (var i = 0; i < _options.FreeFailuresPerAccount; i++)
        {
            throttle.RecordFailure(key);
        }

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(key));
        throttle.RecordFailure(key);
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter(key));
        throttle.RecordFailure(key);
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter(key));
        for (var i = 0; i < 40; i++)
        {
            throttle.RecordFailure(key);
        }

        Assert.Equal(_options.MaxDelay, throttle.RetryAfter(key));
    }

    [Fact]
    public void Accounts_and_addresses_are_counted_apart_and_the_longest_wait_wins()
    {
        var throttle = new SecretThrottle(_options, _clock);
        var address = ThrottleKey.Address("198.51.100.7");
        for (var i = 0; i < _options.FreeFailuresPerAccount + 1; i++)
        {
            throttle.RecordFailure(ThrottleKey.Account("alice"), address);
        }

        Assert.True(throttle.RetryAfter(ThrottleKey.Account("alice"), address) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(ThrottleKey.Account("bob"), address));
        // Account keys are case-insensitive, so "ALICE" from elsewhere is still alice.
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter(ThrottleKey.Account("ALICE"), ThrottleKey.Address("203.0.113.1")));
    }

    [Fact]
    public void Failures_are_forgotten_after_the_window_and_reset_clears_an_account()
    {
        var throttle = new SecretThrottle(_options, _clock);
        var key = ThrottleKey.Account("carol");
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure(key);
        }

        Assert.True(throttle.RetryAfter(key) > TimeSpan.Zero);
        _clock.Advance(_options.Window + TimeSpan.FromSeconds(1));
        throttle.RecordFailure(key);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(key));

        throttle.Reset(key);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(key));
    }
}
