using Depot.Core.Data;

namespace Depot.Core.Uploads;

/// <summary>
/// The one-writer lock of an upload: a lease in the upload's row (owner + expiry), so it holds across nodes sharing
/// the metadata store. While held it is renewed every third of the lease in the background; the holder stops
/// writing a third of a lease before its last renewal would run out (<see cref="IsHeld"/>), which leaves that much
/// room for clock skew between nodes. A crashed holder's lock frees when the lease runs out.
/// </summary>
internal sealed class UploadLock : IAsyncDisposable
{
    private readonly IUploadStore _store;
    private readonly string _id;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private long _validUntil;
    private volatile bool _lost;

    private UploadLock(IUploadStore store, string id, string owner, TimeSpan lease, TimeProvider clock)
    {
        _store = store;
        _id = id;
        Owner = owner;
        _lease = lease;
        _clock = clock;
        _validUntil = Deadline(clock.GetUtcNow());
        _renewals = RenewAsync();
    }

    public string Owner { get; }

    /// <summary>Whether the holder may still write: not lost to another owner, and renewed recently enough.</summary>
    public bool IsHeld => !_lost && _clock.GetUtcNow().ToUnixTimeMilliseconds() < Interlocked.Read(ref _validUntil);

    public static async Task<UploadLock?> TryAcquireAsync(
        IUploadStore store, string id, TimeSpan lease, TimeProvider clock, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        return await store.TryLockAsync(id, owner, now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), cancellationToken)
            ? new UploadLock(store, id, owner, lease, clock)
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
        // Harmless when the row is gone or committed: the statement only matches a row this owner still holds.
        await _store.UnlockAsync(_id, Owner, CancellationToken.None);
    }

    private long Deadline(DateTimeOffset renewedAt) => (renewedAt + _lease - _lease / 3).ToUnixTimeMilliseconds();

    private async Task RenewAsync()
    {
        // Beside the request that took the lease, on connections of its own (one at a time).
        using var watch = ConnectionUse.Fork();
        try
        {
            using var timer = new PeriodicTimer(_lease / 3, _clock);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = _clock.GetUtcNow();
                try
                {
                    if (!await _store.RenewLockAsync(_id, Owner, (now + _lease).ToUnixTimeMilliseconds(), _stop.Token))
                    {
                        _lost = true;
                        return;
                    }

                    Interlocked.Exchange(ref _validUntil, Deadline(now));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy or briefly unreachable store: keep trying; IsHeld turns false if it stays that way.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
