namespace Depot.Bench;

/// <summary>
/// One row of the report: how to run it, how to turn the measurement into a number, and the
/// Depot target beside it (an absolute bound, or a bound on Depot/nginx). <see cref="WorstOfRounds"/>: the cell is
/// the worst round rather than the median (a latency outlier in any round is what the row is about).
/// </summary>
internal sealed record Phase(
    string Id,
    string Title,
    string Unit,
    bool HigherIsBetter,
    Func<Workload, Target, CancellationToken, Task<Measure>> RunAsync,
    Func<Measure, double> Value,
    Goal? Goal,
    bool WorstOfRounds = false);
