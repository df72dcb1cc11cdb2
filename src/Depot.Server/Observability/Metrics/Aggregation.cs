namespace Depot.Server.Observability.Metrics;

/// <summary>What a measurement does to its series.</summary>
internal enum Aggregation
{
    /// <summary>Counter and UpDownCounter: each measurement is an increment.</summary>
    Add,

    /// <summary>Observable instruments and gauges: each measurement is the current value (an observable counter's total).</summary>
    Set,

    /// <summary>Histogram: each measurement falls into a bucket and adds to the sum and count.</summary>
    Record,
}
