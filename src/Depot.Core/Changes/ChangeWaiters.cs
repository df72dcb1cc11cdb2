using Depot.Core.Cluster;

namespace Depot.Core.Changes;

/// <summary>
/// Long polls waiting for a user's next change on this node. A waiter arms before it reads the feed and waits after,
/// so a notice that arrives between the read and the wait still wakes it. One shared task per user: a notice wakes
/// every waiter of that user at once.
/// </summary>
internal sealed class ChangeWaiters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next notice for <paramref name="userId"/> (or when notices may have been missed).</summary>
    public Task Arm(string userId)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(userId, out var next))
            {
                _waiting[userId] = next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return next.Task;
        }
    }

    public void Notify(ChangeNotice notice)
    {
        TaskCompletionSource? woken;
        lock (_gate)
        {
            _waiting.Remove(notice.UserId, out woken);
        }

        woken?.TrySetResult();
    }

    /// <summary>Wakes everyone: the listening connection came back and notices sent meanwhile are unknown.</summary>
    public void NotifyAll()
    {
        TaskCompletionSource[] woken;
        lock (_gate)
        {
            woken = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var waiter in woken)
        {
            waiter.TrySetResult();
        }
    }
}
