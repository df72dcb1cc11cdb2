using Depot.System.Tests.Crash;

namespace Depot.System.Tests;

/// <summary>The crash test's oracle must be right before it may judge the server: what may a path hold after a kill?</summary>
public sealed class WriteLedgerTests
{
    private long _time;
    private readonly WriteLedger _ledger;

    public WriteLedgerTests() => _ledger = new WriteLedger(() => ++_time);

    [Fact]
    public void One_writer_may_leave_the_last_acknowledged_or_a_later_unanswered_write()
    {
        var a1 = Write("/p", 1, AttemptOutcome.Acknowledged);
        var a2 = Write("/p", 2, AttemptOutcome.Acknowledged);
        var a3 = Write("/p", 3, AttemptOutcome.Unknown);

        var expected = _ledger.Expect("/p");

        Assert.False(expected.AbsentAllowed);
        Assert.Null(expected.Match(a1.Content.Sha256));
        Assert.Same(a2, expected.Match(a2.Content.Sha256));
        Assert.Same(a3, expected.Match(a3.Content.Sha256));
    }

    [Fact]
    public void A_rejected_write_is_never_allowed_and_a_path_with_no_acknowledged_write_may_be_absent()
    {
        var rejected = Write("/p", 1, AttemptOutcome.Rejected);
        var unanswered = Write("/p", 2, AttemptOutcome.Unknown);

        var expected = _ledger.Expect("/p");

        Assert.True(expected.AbsentAllowed);
        Assert.Null(expected.Match(rejected.Content.Sha256));
        Assert.Same(unanswered, expected.Match(unanswered.Content.Sha256));
    }

    [Fact]
    public void Racing_writers_may_leave_any_write_not_followed_by_a_later_acknowledged_one()
    {
        // a and b overlap (either may commit last); c starts after both ended and is acknowledged, d overlaps c.
        var a = _ledger.Begin("/p", new ContentSpec(1, 10));
        var b = _ledger.Begin("/p", new ContentSpec(2, 10));
        _ledger.Finish(a, AttemptOutcome.Acknowledged, null);
        _ledger.Finish(b, AttemptOutcome.Acknowledged, null);
        var early = _ledger.Expect("/p");
        Assert.NotNull(early.Match(a.Content.Sha256));
        Assert.NotNull(early.Match(b.Content.Sha256));

        var c = _ledger.Begin("/p", new ContentSpec(3, 10));
        var d = _ledger.Begin("/p", new ContentSpec(4, 10));
        _ledger.Finish(c, AttemptOutcome.Acknowledged, null);
        var late = _ledger.Expect("/p"); // d still in flight: the kill came now

        Assert.Null(late.Match(a.Content.Sha256));
        Assert.Null(late.Match(b.Content.Sha256));
        Assert.Same(c, late.Match(c.Content.Sha256));
        Assert.Same(d, late.Match(d.Content.Sha256));
    }

    [Fact]
    public void A_settled_state_may_not_be_rolled_back_by_a_later_crash()
    {
        var a = Write("/p", 1, AttemptOutcome.Unknown);
        _ledger.Settle("/p", a.Content); // the restart showed the unanswered write had committed
        var b = Write("/p", 2, AttemptOutcome.Unknown);

        var expected = _ledger.Expect("/p");

        Assert.False(expected.AbsentAllowed);
        Assert.NotNull(expected.Match(a.Content.Sha256));
        Assert.Same(b, expected.Match(b.Content.Sha256));
    }

    [Fact]
    public void Content_is_a_pure_function_of_seed_and_size()
    {
        Assert.Equal(new ContentSpec(42, 100_003).Sha256, new ContentSpec(42, 100_003).Sha256);
        Assert.NotEqual(new ContentSpec(42, 100_003).Sha256, new ContentSpec(43, 100_003).Sha256);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new ContentSpec(1, 0).Sha256);
    }

    private Attempt Write(string path, ulong seed, AttemptOutcome outcome)
    {
        var attempt = _ledger.Begin(path, new ContentSpec(seed, 10));
        _ledger.Finish(attempt, outcome, null);
        return attempt;
    }
}
