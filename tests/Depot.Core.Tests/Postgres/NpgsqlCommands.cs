using System.Collections.Concurrent;
using System.Diagnostics;
using Depot.Core.Data;

namespace Depot.Core.Tests.Postgres;

/// <summary>What Npgsql sends to one database while an action runs, from its own trace: one activity per command or batch.</summary>
internal static class NpgsqlCommands
{
    // The listener hears every Npgsql in the process (other test classes run meanwhile): only this database counts.
    public static async Task<IReadOnlyList<string>> SentAsync(IDatabase database, Func<Task> action)
    {
        var name = new Npgsql.NpgsqlConnectionStringBuilder(((PostgresDatabase)database).ConnectionString).Database;
        var sent = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.namespace") as string == name)
                {
                    sent.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await action();
        return [.. sent];
    }
}
