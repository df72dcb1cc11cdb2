using System.Data;
using System.Data.Common;

namespace Depot.Core.Data;

/// <summary>
/// Checks the rule that lets a connection pool smaller than the requests in flight never deadlock: a request holds at
/// most one metadata connection at a time, and none while it waits for a group commit (whose batch needs a connection
/// of its own). A request that broke it would, with every pooled connection held by requests like it, wait for ever on
/// the pool (on PostgreSQL; SQLite's pool opens more connections, and its one writer would time out instead).
/// <para>
/// Off unless a request is <see cref="Watch">watched</see> (the server does that with
/// <c>Depot:Metadata:StrictConnectionUse</c>, which the test suites turn on): then a breach throws at once, where it
/// happens, instead of deadlocking only under load.
/// </para>
/// </summary>
public static class ConnectionUse
{
    private static readonly AsyncLocal<Holder?> Current = new();

    /// <summary>Counts the connections the current flow (a request and everything it awaits) opens, until disposed.</summary>
    public static IDisposable Watch()
    {
        var holder = new Holder();
        Current.Value = holder;
        return holder;
    }

    /// <summary>
    /// For work a request starts that runs beside it or outlives it (a group commit's batches, a tus lease's renewals, a
    /// scrub), whose connections are its own, not the request's: watched afresh if the request was, so that work is held
    /// to the same rule on its own; otherwise not at all. Call it first thing in that work's own async method.
    /// </summary>
    public static IDisposable? Fork()
    {
        if (Current.Value is null)
        {
            return null;
        }

        return Watch();
    }

    /// <summary>Counts <paramref name="connection"/> as held by the watched flow until it closes; throws if the flow held one already.</summary>
    internal static void Opened(DbConnection connection)
    {
        if (Current.Value is not { } holder)
        {
            return;
        }

        if (Interlocked.Increment(ref holder.Held) > 1)
        {
            Interlocked.Decrement(ref holder.Held);
            connection.Dispose();
            throw new InvalidOperationException(
                "A second metadata connection was opened while this request held one; with every pooled connection held " +
                $"that way, requests would wait for each other for ever. The first was opened at:{Environment.NewLine}{holder.OpenedAt}");
        }

        holder.OpenedAt = Environment.StackTrace;   // only for a watched request: the suites, or diagnosis

        var closed = 0;
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == ConnectionState.Closed && Interlocked.Exchange(ref closed, 1) == 0)
            {
                Interlocked.Decrement(ref holder.Held);
            }
        };
    }

    /// <summary>Throws if the watched flow holds a connection: before waiting for work that needs one from the same pool.</summary>
    internal static void EnsureNoneHeld(string waitingFor)
    {
        if (Current.Value is { Held: > 0 } holder)
        {
            throw new InvalidOperationException(
                $"This request waited for {waitingFor} while it held a metadata connection; with every pooled connection " +
                $"held that way, the work it waits for could never get one. It was opened at:{Environment.NewLine}{holder.OpenedAt}");
        }
    }

    private sealed class Holder : IDisposable
    {
        public int Held;

        public string? OpenedAt;

        public void Dispose() => Current.Value = null;
    }
}
