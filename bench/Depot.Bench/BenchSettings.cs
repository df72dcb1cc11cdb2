namespace Depot.Bench;

/// <summary>The sizes a run used, recorded in the JSON so results are comparable only with their own kind.</summary>
internal sealed record BenchSettings(
    long LargeBytes, long WarmupBytes, int Files, int FileBytes, int WarmupFiles, int Concurrency, int ListRuns, int Rounds,
    int LargeStreams, int WrkThreads, int WrkConnections, int WrkSeconds)
{
    public static BenchSettings From(BenchOptions o) =>
        new(o.LargeBytes, o.WarmupBytes, o.Files, o.FileBytes, o.WarmupFiles, o.Concurrency, o.ListRuns, o.Rounds,
            o.LargeStreams, o.WrkThreads, o.WrkConnections, o.WrkSeconds);
}
