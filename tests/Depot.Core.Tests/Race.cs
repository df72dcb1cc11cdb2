namespace Depot.Core.Tests;

/// <summary>
/// Two operations released at the same moment (one gate, two thread-pool tasks), for the races the stores must win on
/// every backend. Bounded: a race that deadlocks fails the test after <see cref="Bound"/> instead of hanging the run.
/// </summary>
public static class Race
{
    /// <summary>How many times each race is run: a store that is right only by luck of timing fails within that many.</summary>
    public const int Rounds = 20;

    /// <summary>Far beyond one round (milliseconds) and below SQLite's 30 s busy timeout, so a lost wake-up is a failure, not a wait.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static async Task<(T First, T Second)> TwoAsync<T>(Func<Task<T>> first, Func<Task<T>> second)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Task.Run(async () => { await go.Task; return await first(); });
        var b = Task.Run(async () => { await go.Task; return await second(); });
        go.SetResult();
        var both = await Task.WhenAll(a, b).WaitAsync(Bound);
        return (both[0], both[1]);
    }
}
