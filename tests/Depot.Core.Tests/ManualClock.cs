namespace Depot.Core.Tests;

/// <summary>A clock tests move by hand. Every reading advances it by 1 ms, so successive writes are strictly ordered.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;   // real time: blob files carry real write times

    public override DateTimeOffset GetUtcNow()
    {
        lock (this)
        {
            _now = _now.AddMilliseconds(1);
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (this)
        {
            _now += by;
        }
    }
}
