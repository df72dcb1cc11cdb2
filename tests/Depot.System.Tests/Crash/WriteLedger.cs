using System.Diagnostics;

namespace Depot.System.Tests.Crash;

/// <summary>
/// Every write a crash test attempted, per path, and what each path may hold after a crash.
/// <para>
/// The rule: a write X can be the final content of its path unless some <em>acknowledged</em> write B to that path
/// started after X ended (B.Start &gt; X.End: B's commit is after X's, and B was acknowledged, so B or a later write
/// must be visible). Acknowledged and unanswered (in flight at the kill, or reset) writes are candidates; rejected
/// ones never are. A path may be absent only if no write to it was ever acknowledged. With one writer per path
/// this is exactly "the last acknowledged content, or any unanswered write issued after it"; with racing writers
/// it is last-writer-wins of whole versions.
/// </para>
/// After a restart has been verified, <see cref="Settle"/> records what the path durably holds as an
/// acknowledged write, so later rounds are checked against it (a later crash must never roll it back).
/// </summary>
internal sealed class WriteLedger(Func<long>? clock = null)
{
    private readonly Func<long> _clock = clock ?? Stopwatch.GetTimestamp;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Attempt>> _sinceSettled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ContentSpec>> _everAttempted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _everAcknowledged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly List<ContentSpec> _contents = [];
    private readonly List<string> _violations = [];
    private int _nextId;

    private long Now => _clock();

    public Attempt Begin(string path, ContentSpec content)
    {
        lock (_lock)
        {
            var attempt = new Attempt(++_nextId, path, content, Now);
            Get(_sinceSettled, path).Add(attempt);
            Get(_everAttempted, path).TryAdd(content.Sha256, content);
            _touched.Add(path);
            _contents.Add(content);
            return attempt;
        }
    }

    public void Finish(Attempt attempt, AttemptOutcome outcome, string? detail)
    {
        var end = Now;
        lock (_lock)
        {
            attempt.Finish(outcome, end, detail);
            if (outcome == AttemptOutcome.Acknowledged)
            {
                Get(_everAcknowledged, attempt.Path).Add(attempt.Content.Sha256);
            }
        }
    }

    /// <summary>Content attempted before (acknowledged or not), to upload identical bytes again: a store that
    /// deduplicates by hash must never reuse a blob that a crash left torn.</summary>
    public ContentSpec? PickPastContent(Random random)
    {
        lock (_lock)
        {
            return _contents.Count == 0 ? null : _contents[random.Next(_contents.Count)];
        }
    }

    /// <summary>Something the server said or did that is wrong on its own, noticed while writing.</summary>
    public void Violation(string message)
    {
        lock (_lock)
        {
            _violations.Add(message);
        }
    }

    public IReadOnlyList<string> TakeViolations()
    {
        lock (_lock)
        {
            var all = _violations.ToList();
            _violations.Clear();
            return all;
        }
    }

    /// <summary>A path with an acknowledged write (so it must exist from then on), or null if none yet.</summary>
    public string? PickAcknowledgedPath(Random random)
    {
        lock (_lock)
        {
            if (_everAcknowledged.Count == 0)
            {
                return null;
            }

            return _everAcknowledged.Keys.ElementAt(random.Next(_everAcknowledged.Count));
        }
    }

    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_lock)
            {
                return [.. _sinceSettled.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Paths written since the last <see cref="TakeTouched"/>; these get a full read-back.</summary>
    public IReadOnlyList<string> TakeTouched()
    {
        lock (_lock)
        {
            var touched = _touched.Order(StringComparer.Ordinal).ToList();
            _touched.Clear();
            return touched;
        }
    }

    public bool WasAttempted(string path)
    {
        lock (_lock)
        {
            return _sinceSettled.ContainsKey(path);
        }
    }

    /// <summary>Every content ever written to <paramref name="path"/>, by SHA-256.</summary>
    public IReadOnlyDictionary<string, ContentSpec> EverAttempted(string path)
    {
        lock (_lock)
        {
            return _everAttempted.TryGetValue(path, out var map) ? new Dictionary<string, ContentSpec>(map) : [];
        }
    }

    public IReadOnlySet<string> EverAcknowledged(string path)
    {
        lock (_lock)
        {
            return _everAcknowledged.TryGetValue(path, out var set) ? new HashSet<string>(set) : [];
        }
    }

    /// <summary>What <paramref name="path"/> may hold now (call when no write is running).</summary>
    public Expectation Expect(string path)
    {
        lock (_lock)
        {
            var attempts = _sinceSettled.TryGetValue(path, out var list) ? list.ToList() : [];
            var acknowledged = attempts.Where(a => a.Outcome == AttemptOutcome.Acknowledged).ToList();
            var candidates = attempts
                .Where(a => a.Outcome is AttemptOutcome.Acknowledged or AttemptOutcome.Unknown or AttemptOutcome.InFlight)
                .Where(x => !acknowledged.Any(b => b != x && b.Start > x.End))
                .ToList();
            return new Expectation(path, AbsentAllowed: acknowledged.Count == 0, candidates, attempts);
        }
    }

    /// <summary>The path durably holds <paramref name="observed"/> (null: absent); forget the history before it.</summary>
    public void Settle(string path, ContentSpec? observed)
    {
        lock (_lock)
        {
            var list = Get(_sinceSettled, path);
            list.Clear();
            if (observed is not null)
            {
                var settled = new Attempt(0, path, observed, Now);
                settled.Finish(AttemptOutcome.Acknowledged, Now, "verified after restart");
                list.Add(settled);
            }
        }
    }

    private static TValue Get<TValue>(Dictionary<string, TValue> map, string path) where TValue : new()
    {
        if (!map.TryGetValue(path, out var value))
        {
            map[path] = value = new TValue();
        }

        return value;
    }
}
