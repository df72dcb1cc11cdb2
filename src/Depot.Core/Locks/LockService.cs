using System.Security.Cryptography;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Locks;

/// <summary>
/// WebDAV write locks (RFC 4918 §6–7), exclusive and shared, depth 0 and infinity, with timeouts. A lock token is
/// only honoured for the principal who created the lock. Locks are on paths in the caller's tree; the adapter
/// checks them before every write (<see cref="CheckAsync"/>) and releases them after a delete or move.
/// </summary>
public sealed class LockService(ILockStore store, LockOptions options, TimeProvider clock)
{
    /// <summary>The live locks that protect the resource at <paramref name="path"/> (its own and inherited ones).</summary>
    public async Task<IReadOnlyList<LockRecord>> ListAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var key = LockPaths.Key(path);
        return [.. (await store.ListAsync(caller.UserId, Now, cancellationToken)).Where(l => LockPaths.Covers(l, key))];
    }

    /// <summary>The live locks of the caller's tree: for checks of several paths at once.</summary>
    public Task<IReadOnlyList<LockRecord>> ListAllAsync(Caller caller, CancellationToken cancellationToken) =>
        store.ListAsync(caller.UserId, Now, cancellationToken);

    /// <summary>Locks <paramref name="path"/>. Refused with <c>locked</c> when a conflicting lock covers it or (depth infinity) any member.</summary>
    public Task<Result<LockRecord>> LockAsync(Caller caller, DepotPath path, LockRequest request, CancellationToken cancellationToken)
    {
        var now = Now;
        var key = LockPaths.Key(path);
        var timeout = Clamp(request.Timeout);
        return store.CreateAsync(caller.UserId, now, live =>
        {
            if (live.Count >= options.MaxPerUser)
            {
                return Result<LockRecord>.Fail(ErrorCodes.Locked, $"You hold {live.Count} locks; unlock some first.");
            }

            var conflict = live.FirstOrDefault(l => LockPaths.Overlaps(l, key, request.Infinite) && (l.Exclusive || request.Exclusive));
            if (conflict is not null)
            {
                return Result<LockRecord>.Fail(ErrorCodes.Locked, $"'{conflict.Path}' is locked.");
            }

            return new LockRecord
            {
                Token = NewToken(), OwnerId = caller.UserId, PathKey = key, Path = path.Value,
                Infinite = request.Infinite, Exclusive = request.Exclusive, OwnerXml = request.OwnerXml,
                TimeoutSeconds = (long)timeout.TotalSeconds, ExpiresAt = now + (long)timeout.TotalMilliseconds,
                CreatedBy = caller.UserId, CreatedAt = now,
            };
        }, cancellationToken);
    }

    /// <summary>Refreshes the caller's lock among <paramref name="tokens"/> that protects <paramref name="path"/>.</summary>
    public async Task<Result<LockRecord>> RefreshAsync(
        Caller caller, DepotPath path, IReadOnlyCollection<string> tokens, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var found = (await ListAsync(caller, path, cancellationToken)).FirstOrDefault(l => Holds(caller, l, tokens));
        if (found is null)
        {
            return Result<LockRecord>.Fail(ErrorCodes.PreconditionFailed, $"None of the submitted lock tokens locks '{path}'.");
        }

        var span = Clamp(timeout);
        var refreshed = found with { TimeoutSeconds = (long)span.TotalSeconds, ExpiresAt = Now + (long)span.TotalMilliseconds };
        return await store.RefreshAsync(found.Token, refreshed.TimeoutSeconds, refreshed.ExpiresAt, cancellationToken)
            ? refreshed
            : Result<LockRecord>.Fail(ErrorCodes.PreconditionFailed, "The lock expired or was released meanwhile.");
    }

    /// <summary>Releases the caller's lock <paramref name="token"/>, which must protect <paramref name="path"/>.</summary>
    public async Task<Result<Unit>> UnlockAsync(Caller caller, DepotPath path, string token, CancellationToken cancellationToken)
    {
        var found = (await ListAsync(caller, path, cancellationToken)).FirstOrDefault(l => Holds(caller, l, [token]));
        return found is not null && await store.DeleteAsync(caller.UserId, found.Token, cancellationToken)
            ? Unit.Value
            : Result<Unit>.Fail(ErrorCodes.LockNotFound, $"'{token}' is not a lock of yours on '{path}'.");
    }

    /// <summary>
    /// Whether a write may touch <paramref name="targets"/>: every lock that applies must be the caller's and among the
    /// <paramref name="submitted"/> tokens (RFC 4918 §7.4). Fails with <c>locked</c>, naming the locked path.
    /// </summary>
    public async Task<Result<Unit>> CheckAsync(
        Caller caller, IReadOnlyList<LockTarget> targets, IReadOnlyCollection<string> submitted, CancellationToken cancellationToken)
    {
        var live = await store.ListAsync(caller.UserId, Now, cancellationToken);
        var blocking = live.FirstOrDefault(l => targets.Any(t => LockPaths.Applies(l, t)) && !Holds(caller, l, submitted));
        return blocking is null ? Unit.Value : Result<Unit>.Fail(ErrorCodes.Locked, blocking.Path);
    }

    /// <summary>After a delete or move: the locks on <paramref name="path"/> and below it go with the resource (§7.5, §9.9).</summary>
    public async Task ReleaseAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var key = LockPaths.Key(path);
        var gone = (await store.ListAsync(caller.UserId, Now, cancellationToken))
            .Where(l => l.PathKey == key || LockPaths.IsAncestor(key, l.PathKey)).Select(l => l.Token).ToList();
        if (gone.Count > 0)
        {
            await store.DeleteManyAsync(caller.UserId, gone, cancellationToken);
        }
    }

    /// <summary>
    /// A lock token: an absolute URI with 128 random bits. Shorter than <c>urn:uuid:…</c> on purpose: clients echo
    /// it in If headers next to our 66-character ETags, and some (litmus 0.13) build those in a 200-byte buffer.
    /// </summary>
    private static string NewToken() =>
        "urn:depot:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool Holds(Caller caller, LockRecord l, IReadOnlyCollection<string> tokens) =>
        l.CreatedBy == caller.UserId && tokens.Contains(l.Token, StringComparer.Ordinal);

    private TimeSpan Clamp(TimeSpan? requested) =>
        requested is not { } t || t <= TimeSpan.Zero ? options.DefaultTimeout : t > options.MaxTimeout ? options.MaxTimeout : t;

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
