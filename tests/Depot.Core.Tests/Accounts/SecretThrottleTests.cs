using Depot.Core.Accounts;

namespace Depot.Core.Tests.Accounts;

/// <summary>
/// The throttle's rules over each <see cref="IThrottleStore"/>: in memory here, in the metadata store on SQLite and
/// PostgreSQL through <see cref="SqlThrottleStoreTests"/>'s subclasses.
/// </summary>
public abstract class SecretThrottleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    protected ManualClock Clock { get; } = new(Start, tick: false);
    protected ThrottleOptions Options { get; } = new();
    private IThrottleStore _store = null!;
    private IThrottleStore _otherNode = null!;

    /// <summary>A store with no counts.</summary>
    protected abstract Task<IThrottleStore> CreateStoreAsync();

    /// <summary>Another node's store on the same counts (another connection pool; memory has only one process).</summary>
    protected abstract IThrottleStore OtherNode(IThrottleStore store);

    public virtual async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        _otherNode = OtherNode(_store);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private SecretThrottle Throttle => new(_store, Options, Clock);

    [Fact]
    public async Task Free_failures_do_not_block_then_delay_doubles_up_to_the_cap()
    {
        var throttle = Throttle;
        ThrottleKey[] key = [ThrottleKey.Account("alice")];
        for (var i = 0; i < Options.FreeFailuresPerAccount; i++)
        {
            Assert.Equal(TimeSpan.Zero, await throttle.RecordFailureAsync(key, default));
        }

        Assert.Equal(TimeSpan.Zero, await throttle.RetryAfterAsync(key, default));
        Assert.Equal(TimeSpan.FromSeconds(1), await throttle.RecordFailureAsync(key, default));
        Assert.Equal(TimeSpan.FromSeconds(1), await throttle.RetryAfterAsync(key, default));
        await throttle.RecordFailureAsync(key, default);
        Assert.Equal(TimeSpan.FromSeconds(2), await throttle.RetryAfterAsync(key, default));
        for (var i = 0; i < 40; i++)
        {
            await throttle.RecordFailureAsync(key, default);
        }

        Assert.Equal(Options.MaxDelay, await throttle.RetryAfterAsync(key, default));
    }

    [Fact]
    public async Task Accounts_and_addresses_are_counted_apart_and_the_longest_wait_wins()
    {
        var throttle = Throttle;
        var address = ThrottleKey.Address("198.51.100.7");
        for (var i = 0; i < Options.FreeFailuresPerAccount + 1; i++)
        {
            await throttle.RecordFailureAsync([ThrottleKey.Account("alice"), address], default);
        }

        Assert.True(await throttle.RetryAfterAsync([ThrottleKey.Account("alice"), address], default) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, await throttle.RetryAfterAsync([ThrottleKey.Account("bob"), address], default));
        // Account keys are case-insensitive, so "ALICE" from elsewhere is still alice.
        Assert.Equal(TimeSpan.FromSeconds(1),
            await throttle.RetryAfterAsync([ThrottleKey.Account("ALICE"), ThrottleKey.Address("203.0.113.1")], default));
    }

    [Fact]
    public async Task Failures_are_forgotten_after_the_window_and_reset_clears_an_account()
    {
        var throttle = Throttle;
        ThrottleKey[] key = [ThrottleKey.Account("carol")];
        for (var i = 0; i < 10; i++)
        {
            await throttle.RecordFailureAsync(key, default);
        }

        Assert.True(await throttle.RetryAfterAsync(key, default) > TimeSpan.Zero);
        Clock.Advance(Options.Window + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, await throttle.RecordFailureAsync(key, default));
        Assert.Equal(1, Assert.Single(await _store.ReadAsync([key[0].Value], default)).Failures);

        for (var i = 0; i < 10; i++)
        {
            await throttle.RecordFailureAsync(key, default);
        }

        await throttle.ResetAsync(key[0], default);
        Assert.Equal(TimeSpan.Zero, await throttle.RetryAfterAsync(key, default));
        Assert.Empty(await _store.ReadAsync([key[0].Value], default));
    }

    [Fact]
    public async Task Failures_recorded_at_once_on_two_nodes_are_all_counted()
    {
        var nodes = new[] { new SecretThrottle(_store, Options, Clock), new SecretThrottle(_otherNode, Options, Clock) };
        ThrottleKey[] keys = [ThrottleKey.Account("dave"), ThrottleKey.Address("192.0.2.7")];
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => nodes[i % 2].RecordFailureAsync(keys, default))));

        var counts = await _otherNode.ReadAsync([.. keys.Select(k => k.Value)], default);
        Assert.Equal([40L, 40L], counts.Select(c => c.Failures));
        Assert.True(await nodes[0].RetryAfterAsync(keys, default) > TimeSpan.Zero);
    }
}
