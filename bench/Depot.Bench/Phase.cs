namespace Depot.Bench;

/// <summary>
/// One row of the report: how to run it, how to turn the measurement into a number, and the
/// Depot target beside it (an absolute bound, or a bound on Depot/nginx). <see cref="WorstOfRounds"/>: the cell is
/// the worst round rather than the median (a latency outlier in any round is what the row is about).
/// <see cref="Needs"/>: the row that writes what this one reads (or whose run this one reports), in the same round.
/// </summary>
internal sealed record Phase(
    string Id,
    string Title,
    string Unit,
    bool HigherIsBetter,
    Func<Workload, Target, CancellationToken, Task<Measure>> RunAsync,
    Func<Measure, double> Value,
    Goal? Goal,
    bool WorstOfRounds = false,
    string? Needs = null);
