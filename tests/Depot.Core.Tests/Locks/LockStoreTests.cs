using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Core.Tests.Files;
using Depot.Protocol;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Locks;

/// <summary>
/// The contract of <see cref="ILockStore"/> (WebDAV write locks), run against every metadata backend: what
/// <c>CreateAsync</c> hands its decision, expiry, scoping to the tree's owner, cascades, and that two nodes (two
/// connection pools) locking one path at once get exactly one lock.
/// </summary>
public abstract class LockStoreTests : IAsyncLifetime
{
    private const long Now = 1_000_000;
    private FilesHarness _h = null!;

    protected abstract MetadataBackend Backend { get; }

    private SqlLockStore Store => new(_h.Database);

    public async Task InitializeAsync() => _h = await FilesHarness.CreateAsync(Backend);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_created_lock_is_listed_in_its_owners_tree_only_with_every_field()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var made = Lock(alice, "/Docs/A.txt", bob.UserId) with { Exclusive = false, Infinite = true, OwnerXml = "<D:owner>bob</D:owner>" };

        var created = await Store.CreateAsync(alice.UserId, bob.UserId, null, Now, (_, _) => made, default);

        Assert.Equal(made, created.Value);
        Assert.Equal([made], await Store.ListAsync(alice.UserId, Now, default));
        Assert.Empty(await Store.ListAsync(bob.UserId, Now, default));
        Assert.True(await Store.AnyAsync(Now, default));
    }

    [Fact]
    public async Task Decide_sees_the_live_locks_of_the_tree_and_how_many_the_creator_holds_anywhere()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        await LockAsync(alice, "/a", bob.UserId);
        await LockAsync(bob, "/b", bob.UserId);
        await LockAsync(alice, "/c", alice.UserId);

        IReadOnlyList<LockRecord> seen = [];
        var held = -1;
        await Store.CreateAsync(alice.UserId, bob.UserId, null, Now, (live, count) =>
        {
            (seen, held) = (live, count);
            return Lock(alice, "/d", bob.UserId);
        }, default);

        Assert.Equal(["/A", "/C"], seen.Select(l => l.PathKey).Order(StringComparer.Ordinal));
        Assert.Equal(2, held);   // bob's in alice's tree and in his own; not alice's own
    }

    [Fact]
    public async Task A_refusal_inserts_nothing_and_comes_back_as_the_typed_error()
    {
        var alice = await _h.CreateUserAsync();

        var refused = await Store.CreateAsync(alice.UserId, alice.UserId, null, Now,
            (_, _) => Result<LockRecord>.Fail(ErrorCodes.Locked, "taken"), default);

        Assert.Equal(ErrorCodes.Locked, refused.Error?.Code);
        Assert.Empty(await Store.ListAsync(alice.UserId, Now, default));
        Assert.False(await Store.AnyAsync(Now, default));
    }

    [Fact]
    public async Task An_expired_lock_is_ignored_everywhere_and_dropped_by_the_next_create_in_its_tree()
    {
        var alice = await _h.CreateUserAsync();
        await LockAsync(alice, "/old", alice.UserId, expiresAt: Now + 1_000);
        Assert.True(await Store.AnyAsync(Now + 999, default));

        Assert.False(await Store.AnyAsync(Now + 1_000, default));   // expires_at is the first instant it no longer holds
        Assert.Empty(await Store.ListAsync(alice.UserId, Now + 1_000, default));
        var held = -1;
        await Store.CreateAsync(alice.UserId, alice.UserId, null, Now + 1_000, (live, count) =>
        {
            Assert.Empty(live);
            held = count;
            return Lock(alice, "/new", alice.UserId, expiresAt: Now + 60_000);
        }, default);

        Assert.Equal(0, held);
        Assert.Equal(1, await _h.CountAsync("SELECT COUNT(*) FROM locks"));
    }

    [Fact]
    public async Task Refresh_moves_the_expiry_of_an_existing_lock_and_is_false_for_a_missing_one()
    {
        var alice = await _h.CreateUserAsync();
        var made = await LockAsync(alice, "/a", alice.UserId, expiresAt: Now + 1_000);

        Assert.True(await Store.RefreshAsync(made.Token, 3_600, Now + 3_600_000, default));
        var refreshed = Assert.Single(await Store.ListAsync(alice.UserId, Now + 2_000, default));
        Assert.Equal((3_600L, Now + 3_600_000), (refreshed.TimeoutSeconds, refreshed.ExpiresAt));

        Assert.False(await Store.RefreshAsync("urn:depot:unknown", 60, Now + 60_000, default));
        Assert.True(await Store.DeleteAsync(alice.UserId, made.Token, null, default));
        Assert.False(await Store.RefreshAsync(made.Token, 60, Now + 60_000, default));
    }

    [Fact]
    public async Task Delete_needs_the_tree_the_lock_is_in_and_happens_once()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var made = await LockAsync(alice, "/a", bob.UserId);

        Assert.False(await Store.DeleteAsync(bob.UserId, made.Token, null, default));   // bob took it, but it is in alice's tree
        Assert.True(await Store.DeleteAsync(alice.UserId, made.Token, null, default));
        Assert.False(await Store.DeleteAsync(alice.UserId, made.Token, null, default));
        Assert.False(await Store.AnyAsync(Now, default));
    }

    [Fact]
    public async Task Delete_many_removes_the_named_locks_of_one_tree_across_list_chunks()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        var gone = new[] { await LockAsync(alice, "/a", alice.UserId), await LockAsync(alice, "/b", alice.UserId) };
        var kept = await LockAsync(alice, "/c", alice.UserId);
        var bobs = await LockAsync(bob, "/a", bob.UserId);
        // More tokens than one IN list takes (500), the real ones at both ends; bob's token names a lock of another tree.
        var tokens = gone.Select(l => l.Token).Take(1)
            .Concat(Enumerable.Range(0, 600).Select(i => $"urn:depot:none-{i}"))
            .Append(gone[1].Token).Append(bobs.Token).ToList();

        await Store.DeleteManyAsync(alice.UserId, tokens, default);

        Assert.Equal([kept.Token], (await Store.ListAsync(alice.UserId, Now, default)).Select(l => l.Token));
        Assert.Equal([bobs.Token], (await Store.ListAsync(bob.UserId, Now, default)).Select(l => l.Token));
    }

    [Fact]
    public async Task Deleting_an_account_deletes_the_locks_in_its_tree()
    {
        var alice = await _h.CreateUserAsync();
        var bob = await _h.CreateUserAsync();
        await LockAsync(alice, "/a", bob.UserId);
        await LockAsync(bob, "/b", bob.UserId);

        await _h.Accounts.DeleteUserAsync(alice.UserId, default);

        Assert.Empty(await Store.ListAsync(alice.UserId, Now, default));
        Assert.Single(await Store.ListAsync(bob.UserId, Now, default));
    }

    [Fact]
    public async Task Two_nodes_taking_an_exclusive_lock_on_one_path_at_once_get_exactly_one()
    {
        var alice = await _h.CreateUserAsync();
        var nodes = (First: new SqlLockStore(_h.Database), Second: new SqlLockStore(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var path = $"/round-{round}.txt";
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.CreateAsync(alice.UserId, alice.UserId, null, Now, ExclusiveUnlessLocked(alice, path), default),
                () => nodes.Second.CreateAsync(alice.UserId, alice.UserId, null, Now, ExclusiveUnlessLocked(alice, path), default));

            Assert.True(first.IsSuccess ^ second.IsSuccess, $"round {round}: {first.Error?.Code} / {second.Error?.Code}");
            Assert.Equal(ErrorCodes.Locked, (first.Error ?? second.Error)?.Code);
        }

        Assert.Equal(Race.Rounds, (await Store.ListAsync(alice.UserId, Now, default)).Count);
    }

    [Fact]
    public async Task Two_nodes_locking_a_folder_with_depth_infinity_and_a_file_in_it_at_once_get_exactly_one()
    {
        var alice = await _h.CreateUserAsync();
        var nodes = (First: Service(_h.Database), Second: Service(_h.SecondDatabase));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var folder = $"/round-{round}";
            Assert.True((await _h.Folders.CreateAsync(alice, P(folder), false, default)).IsSuccess);
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.LockAsync(alice, P(folder), new LockRequest(Exclusive: true, Infinite: true, null, null), default),
                () => nodes.Second.LockAsync(alice, P($"{folder}/new.docx"), new LockRequest(Exclusive: true, Infinite: false, null, null), default));

            Assert.True(first.IsSuccess ^ second.IsSuccess, $"round {round}: {first.Error?.Code} / {second.Error?.Code}");
            Assert.Equal(ErrorCodes.Locked, (first.Error ?? second.Error)?.Code);
        }
    }

    [Fact]
    public async Task Two_nodes_locking_one_file_for_two_clients_at_once_grant_one_and_refuse_the_other_as_locked()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/plan.docx", [1, 2, 3]);
        var nodes = (First: Service(_h.Database), Second: Service(_h.SecondDatabase));
        var exclusive = new LockRequest(Exclusive: true, Infinite: false, null, TimeSpan.FromMinutes(5));
        for (var round = 0; round < Race.Rounds; round++)
        {
            var (first, second) = await Race.TwoAsync(
                () => nodes.First.LockAsync(alice, P("/plan.docx"), exclusive, default),
                () => nodes.Second.LockAsync(alice, P("/PLAN.docx"), exclusive, default));

            Assert.True(first.IsSuccess ^ second.IsSuccess, $"round {round}: {first.Error?.Code} / {second.Error?.Code}");
            Assert.Equal(ErrorCodes.Locked, (first.Error ?? second.Error)?.Code);
            var granted = first.IsSuccess ? first.Value : second.Value;
            Assert.True((await nodes.First.UnlockAsync(alice, P("/plan.docx"), granted.Token, default)).IsSuccess);
        }
    }

    /// <summary>What <see cref="LockService"/> decides for an exclusive depth-0 lock, reduced to the overlap rule.</summary>
    private static Func<IReadOnlyList<LockRecord>, int, Result<LockRecord>> ExclusiveUnlessLocked(Caller owner, string path) =>
        (live, _) => live.Any(l => LockPaths.Overlaps(l, LockPaths.Key(P(path)), infinite: false))
            ? Result<LockRecord>.Fail(ErrorCodes.Locked, $"'{path}' is locked.")
            : Lock(owner, path, owner.UserId);

    private LockService Service(IDatabase database) =>
        new(new SqlLockStore(database), new SqlFileStore(database, _h.Clock), new LockOptions(), _h.Clock);

    private async Task<LockRecord> LockAsync(Caller owner, string path, string createdBy, long expiresAt = Now + 600_000)
    {
        var created = await Store.CreateAsync(owner.UserId, createdBy, null, Now, (_, _) => Lock(owner, path, createdBy, expiresAt), default);
        return created.Value;
    }

    private static LockRecord Lock(Caller owner, string path, string createdBy, long expiresAt = Now + 600_000) => new()
    {
        Token = "urn:depot:" + Guid.NewGuid().ToString("N"), OwnerId = owner.UserId, PathKey = LockPaths.Key(P(path)), Path = path,
        Exclusive = true, TimeoutSeconds = 600, ExpiresAt = expiresAt, CreatedBy = createdBy, CreatedAt = Now,
    };
}
