using System.Security.Cryptography;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Locks;

/// <summary>
/// WebDAV write locks (RFC 4918 §6–7), exclusive and shared, depth 0 and infinity, with timeouts. A lock lives in the
/// tree of the resource's owner: every path the caller names is first placed there through mounts
/// (<see cref="LockPlaces"/>), so one lock holds for every user who reaches the item, through whatever mount. A lock
/// token only counts for the principal who created the lock. Writes to the file tree check locks, and release those of
/// a deleted or moved item, inside their own transaction (<see cref="WriteLocks"/>).
/// </summary>
public sealed class LockService(ILockStore store, IFileStore files, LockOptions options, TimeProvider clock)
{
    /// <summary>
    /// Locks <paramref name="path"/>, which the caller must be allowed to write (an unmapped path: its folder). Refused
    /// with <c>locked</c> when a conflicting lock covers it or (depth infinity) any member, whoever holds it.
    /// </summary>
    public async Task<Result<LockView>> LockAsync(Caller caller, DepotPath path, LockRequest request, CancellationToken cancellationToken)
    {
        var now = Now;
        var opened = await LockPlaces.OpenAsync(files, caller, now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var places = opened.Value;
        var reach = await places.ReachAsync(path, followLast: true, cancellationToken);
        if (Lockable(reach, path) is { } refused)
        {
            return refused;
        }

        var place = await places.OwnerPathAsync(reach, cancellationToken);
        var key = LockPaths.Key(place);
        var timeout = Clamp(request.Timeout);
        var created = await store.CreateAsync(reach.OwnerId, caller.UserId, NodeOf(reach), now, (live, held) =>
        {
            if (held >= options.MaxPerUser)
            {
                return Result<LockRecord>.Fail(ErrorCodes.Locked, $"You hold {held} locks; unlock some first.");
            }

            return live.Any(l => LockPaths.Overlaps(l, key, request.Infinite) && (l.Exclusive || request.Exclusive))
                ? Result<LockRecord>.Fail(ErrorCodes.Locked, $"'{path}' is locked, or something it covers is.")
                : new LockRecord
                {
                    Token = NewToken(), OwnerId = reach.OwnerId, PathKey = key, Path = place.Value,
                    Infinite = request.Infinite, Exclusive = request.Exclusive, OwnerXml = request.OwnerXml,
                    TimeoutSeconds = (long)timeout.TotalSeconds, ExpiresAt = now + (long)timeout.TotalMilliseconds,
                    CreatedBy = caller.UserId, CreatedAt = now,
                };
        }, cancellationToken);
        return created.IsSuccess ? LockView.Of(created.Value, path) : created.Error;
    }

    /// <summary>Refreshes the caller's lock among <paramref name="tokens"/> that protects <paramref name="path"/>.</summary>
    public async Task<Result<LockView>> RefreshAsync(
        Caller caller, DepotPath path, IReadOnlyCollection<string> tokens, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var opened = await LockPlaces.OpenAsync(files, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var places = opened.Value;
        var reach = await places.ReachAsync(path, followLast: true, cancellationToken);
        if (AccessPolicy.Check(reach.Entry.Role, Need.Write, reach.Entry.Path) is { } refused)
        {
            return refused;   // a lock keeps others from writing: only who may write holds one
        }

        var place = await places.OwnerPathAsync(reach, cancellationToken);
        var key = LockPaths.Key(place);
        var found = (await store.ListAsync(reach.OwnerId, Now, cancellationToken))
            .FirstOrDefault(l => LockPaths.Covers(l, key) && LockRule.Holds(caller, l, tokens));
        if (found is null)
        {
            return Result<LockView>.Fail(ErrorCodes.PreconditionFailed, $"None of the submitted lock tokens locks '{path}'.");
        }

        var span = Clamp(timeout);
        var refreshed = found with { TimeoutSeconds = (long)span.TotalSeconds, ExpiresAt = Now + (long)span.TotalMilliseconds };
        if (!await store.RefreshAsync(found.Token, refreshed.TimeoutSeconds, refreshed.ExpiresAt, cancellationToken))
        {
            return Result<LockView>.Fail(ErrorCodes.PreconditionFailed, "The lock expired or was released meanwhile.");
        }

        var frame = await places.FrameAsync(reach, place, cancellationToken);
        return LockView.Of(refreshed, frame.ToCaller(refreshed) ?? path);
    }

    /// <summary>
    /// Releases the lock <paramref name="token"/>, which must protect <paramref name="path"/>. Only its creator may, and
    /// the owner of the tree it is in: so a lock taken by someone whose share was revoked need not block them until it expires.
    /// </summary>
    public async Task<Result<Unit>> UnlockAsync(Caller caller, DepotPath path, string token, CancellationToken cancellationToken)
    {
        var opened = await LockPlaces.OpenAsync(files, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var places = opened.Value;
        var reach = await places.ReachAsync(path, followLast: true, cancellationToken);
        var key = LockPaths.Key(await places.OwnerPathAsync(reach, cancellationToken));
        var found = (await store.ListAsync(reach.OwnerId, Now, cancellationToken))
            .FirstOrDefault(l => LockPaths.Covers(l, key) && l.Token == token);
        if (found is not null && found.CreatedBy != caller.UserId && reach.OwnerId != caller.UserId)
        {
            return Result<Unit>.Fail(ErrorCodes.Forbidden, $"The lock '{token}' on '{path}' is someone else's.");
        }

        return found is not null && await store.DeleteAsync(reach.OwnerId, found.Token, NodeOf(reach), cancellationToken)
            ? Unit.Value
            : Result<Unit>.Fail(ErrorCodes.LockNotFound, $"'{token}' is not a lock on '{path}'.");
    }

    /// <summary>
    /// Whether a write outside the file tree's transactions (dead properties: WebDAV PROPPATCH) may touch
    /// <paramref name="targets"/>, by <see cref="LockRule"/>. Every change to the tree itself is checked inside its own
    /// transaction instead (<see cref="WriteLocks"/>).
    /// </summary>
    public async Task<Result<Unit>> CheckAsync(Caller caller, IReadOnlyList<LockTarget> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0 || !await AnyAsync(cancellationToken))
        {
            return Unit.Value;
        }

        var opened = await LockPlaces.OpenAsync(files, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return Unit.Value;
        }

        var places = opened.Value;
        var blocked = await LockRule.BlockingAsync(places, caller, targets, ownerId => store.ListAsync(ownerId, Now, cancellationToken), cancellationToken);
        return blocked is null ? Unit.Value : blocked;
    }

    /// <summary>
    /// Whether any live lock exists at all. Locks are rare (held while an editor has a file open), so a write checks this
    /// one indexed query first and, nearly always, looks nothing else up.
    /// </summary>
    public Task<bool> AnyAsync(CancellationToken cancellationToken) => store.AnyAsync(Now, cancellationToken);

    /// <summary>The tokens of the live locks that protect <paramref name="path"/>, whoever holds them: the state an If header tests.</summary>
    public async Task<IReadOnlySet<string>> TokensAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var opened = await LockPlaces.OpenAsync(files, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return new HashSet<string>();
        }

        var places = opened.Value;
        var reach = await places.ReachAsync(path, followLast: true, cancellationToken);
        var live = await store.ListAsync(reach.OwnerId, Now, cancellationToken);
        if (live.Count == 0)
        {
            return new HashSet<string>();
        }

        var key = LockPaths.Key(await places.OwnerPathAsync(reach, cancellationToken));
        return live.Where(l => LockPaths.Covers(l, key)).Select(l => l.Token).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>For PROPFIND: the locks on listed resources, as the caller sees them.</summary>
    public LockDiscovery Discover(Caller caller) => new(store, files, caller, Now);

    /// <summary>Null when the caller may lock what <paramref name="reach"/> found for <paramref name="path"/>; a new file's folder must exist (§9.10.4: 409).</summary>
    private static DepotError? Lockable(LockReach reach, DepotPath path) =>
        reach.Rest.Count > 1 ? new DepotError(ErrorCodes.ParentNotFound, $"The folder '{path.Parent}' does not exist.")
        : reach.Rest.Count == 1 && !reach.Entry.Node.IsFolder ? new DepotError(ErrorCodes.NotAFolder, $"'{path.Parent}' is a file, not a folder.")
        : AccessPolicy.Check(reach.Entry.Role, Need.Write, reach.Entry.Path);

    /// <summary>
    /// A lock token: an absolute URI with 128 random bits. Shorter than <c>urn:uuid:…</c> on purpose: clients echo
    /// it in If headers next to our 66-character ETags, and some (litmus 0.13) build those in a 200-byte buffer.
    /// </summary>
    private static string NewToken() =>
        "urn:depot:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private TimeSpan Clamp(TimeSpan? requested) =>
        requested is not { } t || t <= TimeSpan.Zero ? options.DefaultTimeout : t > options.MaxTimeout ? options.MaxTimeout : t;

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    // The item a lock is on, for the change feed; none for a lock on a name that does not exist yet (RFC 4918 §7.3).
    private static string? NodeOf(LockReach reach) => reach.Rest.Count == 0 ? reach.Entry.Node.Id : null;
}
