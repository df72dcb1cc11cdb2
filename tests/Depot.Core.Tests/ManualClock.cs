namespace Depot.Core.Tests;

/// <summary>
/// A clock tests move by hand. By default every reading advances it by 1 ms, so successive writes are strictly
/// ordered; with <c>tick: false</c> it stands still between <see cref="Advance"/> calls, for exact arithmetic.
/// </summary>
public sealed class ManualClock(DateTimeOffset? start = null, bool tick = true) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start ?? DateTimeOffset.UtcNow;   // real time by default: blob files carry real write times

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            if (tick)
            {
                _now = _now.AddMilliseconds(1);
            }

            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }
}
