namespace Depot.Bench;

/// <summary>
/// One row of the report: how to run it, how to turn the measurement into a number, and the
/// Depot target beside it (an absolute floor, or a floor on Depot/nginx).
/// </summary>
internal sealed record Phase(
    string Id,
    string Title,
    string Unit,
    bool HigherIsBetter,
    Func<Workload, Target, CancellationToken, Task<Measure>> RunAsync,
    Func<Measure, double> Value,
    Goal? Goal);
